/*
 * exit0: the tiny program that osbench's fork_exec runs: it exits 0 at once.
 * tools/bench.sh builds it for Linux too, so both kernels exec the same code.
 */
int main(void)
{
	return 0;
}

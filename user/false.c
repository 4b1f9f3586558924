/* false: do nothing, unsuccessfully.  Arguments are ignored (POSIX). */
int main(void)
{
	return 1;
}

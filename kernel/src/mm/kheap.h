/* The kernel heap: kmalloc/kfree for objects of any size. */
#ifndef MM_KHEAP_H
#define MM_KHEAP_H
#include <stddef.h>
void *kmalloc(size_t size);     /* zeroed; 0 when out of memory */
void  kfree(void *p);           /* kfree(0) does nothing */
size_t kheap_bytes_in_use(void);
#endif

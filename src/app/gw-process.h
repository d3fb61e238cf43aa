/* gw-process.h: settings of the process made before GTK starts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Built with AddressSanitizer, whose allocator replaces glibc's: the
 * malloc settings made here do not apply. */
#if defined(__SANITIZE_ADDRESS__)
#define GW_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GW_SANITIZED 1
#endif
#endif

gboolean gw_process_huge_pages_offered (void);
void     gw_process_start_on_huge_pages (char **argv);
void     gw_process_init           (void);
void     gw_process_end_start      (void);
void     gw_process_thread_on_huge_pages (void);
void     gw_process_release_memory_async  (gpointer             source_object,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gssize   gw_process_release_memory_finish (GAsyncResult        *result,
                                          GError             **error);
gboolean gw_process_get_heap_use    (gsize *in_use_bytes,
                                    gsize *free_bytes);
char    *gw_process_describe_arenas (void);

G_END_DECLS

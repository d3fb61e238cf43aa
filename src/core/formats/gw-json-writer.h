/* gw-json-writer.h: compact JSON text written straight into a GString
 *
 * The same bytes as json_to_string (node, FALSE) of the tree a
 * JsonBuilder would make: the cache's lifecycle column is searched with
 * LIKE patterns written against json-glib's output, so a value written
 * here must not differ from it by one byte.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void gw_json_write_begin_object  (GString    *out);
void gw_json_write_end_object    (GString    *out);
void gw_json_write_begin_array   (GString    *out);
void gw_json_write_end_array     (GString    *out);
void gw_json_write_member        (GString    *out,
                                  const char *name);
void gw_json_write_string        (GString    *out,
                                  const char *text);
void gw_json_write_int           (GString    *out,
                                  gint64      value);
void gw_json_write_member_string (GString    *out,
                                  const char *name,
                                  const char *text);
void gw_json_write_member_int    (GString    *out,
                                  const char *name,
                                  gint64      value);

G_END_DECLS

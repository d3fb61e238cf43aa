/* gw-json-reader.h: a strict JSON reader over text, with no tree
 *
 * For the documents read by the hundred thousand (a feed's pages, the
 * cache's lifecycle column): the caller walks the text value by value
 * and keeps what it needs. Stricter than json-glib on purpose: whatever
 * it refuses, a caller can still hand to the tree parser, which then
 * refuses it in its own words or reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_JSON_END,        /* the text ends, or the reader has failed */
  GW_JSON_OBJECT,
  GW_JSON_ARRAY,
  GW_JSON_STRING,
  GW_JSON_NUMBER,
  GW_JSON_TRUE,
  GW_JSON_FALSE,
  GW_JSON_NULL,
} GwJsonKind;

typedef struct
{
  const char *text;
  const char *p;
  const char *end;
  guint depth;
  guint64 arrays;          /* per level, whether it is an array */
  gboolean fresh;          /* the innermost level is before its first element */
  const char *failure;     /* what was wrong, untranslated; NULL while fine */
  gsize failed_at;
} GwJsonReader;

void        gw_json_reader_init           (GwJsonReader  *r,
                                           const char    *text,
                                           gsize          len);
gboolean    gw_json_reader_fail           (GwJsonReader  *r,
                                           const char    *what);
GwJsonKind  gw_json_reader_peek           (GwJsonReader  *r);
gboolean    gw_json_reader_begin          (GwJsonReader  *r,
                                           GwJsonKind     kind);
gboolean    gw_json_reader_next           (GwJsonReader  *r,
                                           gboolean      *more);
gboolean    gw_json_reader_member         (GwJsonReader  *r,
                                           gboolean      *more,
                                           const char   **name,
                                           gsize         *name_len);
gboolean    gw_json_reader_next_member    (GwJsonReader  *r,
                                           const char * const *names,
                                           guint          n_names,
                                           guint32       *seen,
                                           guint         *index);
gboolean    gw_json_reader_string         (GwJsonReader  *r,
                                           char         **value);
gboolean    gw_json_reader_int            (GwJsonReader  *r,
                                           gint64        *value);
gboolean    gw_json_reader_double         (GwJsonReader  *r,
                                           double        *value);
gboolean    gw_json_reader_bool           (GwJsonReader  *r,
                                           gboolean      *value);
gboolean    gw_json_reader_null           (GwJsonReader  *r);
gboolean    gw_json_reader_skip           (GwJsonReader  *r);
gboolean    gw_json_reader_finish         (GwJsonReader  *r);
gsize       gw_json_reader_offset         (GwJsonReader  *r);
gboolean    gw_json_reader_name_is        (const char    *name,
                                           gsize          name_len,
                                           const char    *expected);

G_END_DECLS

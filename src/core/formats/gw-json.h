/* gw-json.h: json-glib helpers that never emit a critical on bad input
 *
 * json-glib's plain getters warn on a type mismatch, and G_DEBUG=fatal-criticals
 * turns that into a crash; data from a server or a file must never crash us.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef gpointer (*GwJsonFromNode) (JsonNode *node, GError **error);

/* Deeper documents are refused before json-glib, which recurses, sees them. */
#define GW_JSON_MAX_DEPTH 64

typedef struct
{
  gsize start;
  gsize end;
} GwJsonRange;

/* What gw_json_scan() looks for in a document's text, and what it found. */
typedef struct
{
  guint max_depth;       /* 0: GW_JSON_MAX_DEPTH */
  gboolean repair;       /* mend text defects in place rather than stop */
  GArray *defects;       /* out, optional: gsize offsets of mended defects */
  GArray *elements;      /* out, optional: GwJsonRange of each element of
                          * an array that is a member of the root object */
} GwJsonScan;

gpointer     gw_json_fail                (GError     **error,
                                          const char  *format,
                                          ...) G_GNUC_PRINTF (2, 3);
gboolean     gw_json_scan                (char        *data,
                                          gsize        len,
                                          GwJsonScan  *scan,
                                          GError     **error);
JsonNode    *gw_json_parse_bytes         (GBytes      *bytes,
                                          GError     **error);
JsonNode    *gw_json_parse_scanned       (GBytes      *bytes,
                                          GError     **error);
GBytes      *gw_json_to_bytes            (JsonNode    *node);
JsonObject  *gw_json_node_get_object     (JsonNode    *node);
JsonArray   *gw_json_object_get_array    (JsonObject  *obj,
                                          const char  *member);
const char  *gw_json_object_get_string   (JsonObject  *obj,
                                          const char  *member);
gboolean     gw_json_object_get_number   (JsonObject  *obj,
                                          const char  *member,
                                          double      *value);
gint64       gw_json_object_get_int      (JsonObject  *obj,
                                          const char  *member,
                                          gint64       default_value);
gboolean     gw_json_object_get_bool     (JsonObject  *obj,
                                          const char  *member,
                                          gboolean     default_value);
char       **gw_json_object_dup_strv     (JsonObject  *obj,
                                          const char  *member);
char        *gw_json_node_dup_scalar     (JsonNode    *node);
GPtrArray   *gw_json_array_to_objects    (JsonArray   *array,
                                          GwJsonFromNode from_node,
                                          GError     **error);
void         gw_json_builder_add_strv    (JsonBuilder *builder,
                                          const char  *member,
                                          const char * const *strv);
void         gw_json_builder_add_string  (JsonBuilder *builder,
                                          const char  *member,
                                          const char  *value);

G_END_DECLS

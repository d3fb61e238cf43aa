/* gw-field.h: one validator for each kind of field that arrives from outside
 *
 * Texts, enums, booleans, numbers, coordinates and photo lists in request
 * bodies and in cases read from a feed all pass through here, so the
 * server, the app and the importers refuse the same things with the same
 * words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_FIELD_OPTIONAL  = 0,
  GW_FIELD_REQUIRED  = 1 << 0,    /* absent or null is refused */
  GW_FIELD_MULTILINE = 1 << 1,    /* texts: tabs and line breaks allowed */
  GW_FIELD_NOT_BLANK = 1 << 2,    /* texts: not only white space */
} GwFieldFlags;

/* Lengths, in characters. */
#define GW_FIELD_NAME_CHARS 200
#define GW_FIELD_TEXT_CHARS 2000
#define GW_FIELD_DESCRIPTION_CHARS 5000
/* A change feed's id (a UUID is 36). */
#define GW_FIELD_FEED_ID_CHARS 64

/* At most this many photos on a case or an action. */
#define GW_FIELD_MAX_MEDIA 20

gboolean gw_text_check     (const char          *text,
                            gssize               len,
                            GwFieldFlags         flags,
                            guint                max_chars,
                            const char          *name,
                            GError             **error);

gboolean gw_field_text     (JsonObject          *obj,
                            const char          *member,
                            GwFieldFlags         flags,
                            guint                max_chars,
                            const char         **value,
                            GError             **error);
gboolean gw_field_enum     (JsonObject          *obj,
                            const char          *member,
                            GwFieldFlags         flags,
                            const char * const  *allowed,
                            const char         **value,
                            GError             **error);
gboolean gw_field_bool     (JsonObject          *obj,
                            const char          *member,
                            GwFieldFlags         flags,
                            gboolean            *value,
                            GError             **error);
gboolean gw_field_int      (JsonObject          *obj,
                            const char          *member,
                            GwFieldFlags         flags,
                            gint64               min,
                            gint64               max,
                            gint64              *value,
                            GError             **error);
gboolean gw_field_number   (JsonObject          *obj,
                            const char          *member,
                            GwFieldFlags         flags,
                            double               min,
                            double               max,
                            double              *value,
                            GError             **error);
gboolean gw_field_position (JsonObject          *obj,
                            GwFieldFlags         flags,
                            double              *lat,
                            double              *lon,
                            gboolean            *present,
                            GError             **error);
gboolean gw_field_media    (JsonObject          *obj,
                            const char          *member,
                            char              ***urls,
                            GError             **error);
gboolean gw_field_time     (JsonObject          *obj,
                            const char          *member,
                            GwFieldFlags         flags,
                            GDateTime          **value,
                            GError             **error);

G_END_DECLS

/* gw-field.c: one validator for each kind of field that arrives from outside
 *
 * Absent and null are the same: the caller's default stays, unless the
 * field is required. A field of the wrong JSON type is refused, never
 * read as its default: `"on_duty": "yes"` is an error, not false.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-field"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gw-error.h"
#include "gw-field.h"
#include "gw-geo.h"
#include "gw-photo.h"

static gboolean
refuse (GError    **error,
        const char *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError    **error,
        const char *format,
        ...)
{
  va_list args;

  if (error)
    {
      va_start (args, format);
      *error = g_error_new_valist (GW_ERROR, GW_ERROR_INVALID_DATA, format, args);
      va_end (args);
    }
  return FALSE;
}

/* A text: UTF-8 with no NUL (a NUL inside @len is refused), no control
 * character but tab and line breaks where allowed, at most @max_chars
 * characters. */
gboolean
gw_text_check (const char   *text,
               gssize        len,
               GwFieldFlags  flags,
               guint         max_chars,
               const char   *name,
               GError      **error)
{
  gsize bytes = len < 0 ? strlen (text) : (gsize) len;
  gboolean blank = TRUE;
  gsize chars = 0;

  if (!g_utf8_validate_len (text, bytes, NULL))
    return refuse (error, _("“%s” is not valid UTF-8 text"), name);

  for (gsize i = 0; i < bytes; i++)
    {
      guchar c = text[i];

      if (c < 0x20 || c == 0x7f)
        {
          gboolean line_break = c == '\n' || c == '\r' || c == '\t';

          if (!line_break || !(flags & GW_FIELD_MULTILINE))
            return refuse (error, _("“%s” may not hold control characters"), name);
        }
      if (!g_ascii_isspace (c))
        blank = FALSE;
      /* Valid UTF-8: a character is a byte that does not continue one. */
      chars += (c & 0xc0) != 0x80;
    }

  if ((flags & GW_FIELD_NOT_BLANK) && blank)
    return refuse (error, _("“%s” may not be empty"), name);
  /* Counted in the pass above, not in a second one over the text. */
  if (chars > max_chars)
    return refuse (error, _("“%s” may be at most %u characters"), name, max_chars);

  return TRUE;
}

/* The member's node, or NULL when absent or null (refused if required). */
static gboolean
member_of (JsonObject    *obj,
           const char    *member,
           GwFieldFlags   flags,
           JsonNode     **node,
           GError       **error)
{
  *node = obj ? json_object_get_member (obj, member) : NULL;
  if (*node && JSON_NODE_HOLDS_NULL (*node))
    *node = NULL;
  if (*node == NULL && (flags & GW_FIELD_REQUIRED))
    return refuse (error, _("“%s” is required"), member);
  return TRUE;
}

static gboolean
holds (JsonNode *node,
       GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
gw_field_text (JsonObject    *obj,
               const char    *member,
               GwFieldFlags   flags,
               guint          max_chars,
               const char   **value,
               GError       **error)
{
  JsonNode *node;
  const char *text;

  if (!member_of (obj, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_STRING))
    return refuse (error, _("“%s” must be a text"), member);
  text = json_node_get_string (node);
  if (!gw_text_check (text, -1, flags, max_chars, member, error))
    return FALSE;
  *value = text;
  return TRUE;
}

gboolean
gw_field_enum (JsonObject          *obj,
               const char          *member,
               GwFieldFlags         flags,
               const char * const  *allowed,
               const char         **value,
               GError             **error)
{
  JsonNode *node;
  const char *text;

  if (!member_of (obj, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  text = holds (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
  if (text == NULL || !g_strv_contains (allowed, text))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) allowed);
      return refuse (error, _("“%s” must be one of %s"), member, list);
    }
  *value = text;
  return TRUE;
}

gboolean
gw_field_bool (JsonObject    *obj,
               const char    *member,
               GwFieldFlags   flags,
               gboolean      *value,
               GError       **error)
{
  JsonNode *node;

  if (!member_of (obj, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_BOOLEAN))
    return refuse (error, _("“%s” must be true or false"), member);
  *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
gw_field_int (JsonObject    *obj,
              const char    *member,
              GwFieldFlags   flags,
              gint64         min,
              gint64         max,
              gint64        *value,
              GError       **error)
{
  JsonNode *node;
  gint64 v;

  if (!member_of (obj, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_INT64) || (v = json_node_get_int (node)) < min || v > max)
    return refuse (error, _("“%s” must be a whole number from %lld to %lld"), member, (long long) min, (long long) max);
  *value = v;
  return TRUE;
}

gboolean
gw_field_number (JsonObject    *obj,
                 const char    *member,
                 GwFieldFlags   flags,
                 double         min,
                 double         max,
                 double        *value,
                 GError       **error)
{
  JsonNode *node;
  double v;

  if (!member_of (obj, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_INT64) && !holds (node, G_TYPE_DOUBLE))
    return refuse (error, _("“%s” must be a number"), member);
  v = json_node_get_double (node);
  if (!isfinite (v) || v < min || v > max)
    return refuse (error, _("“%s” must be from %g to %g"), member, min, max);
  *value = v;
  return TRUE;
}

/* "lat" and "lon" together, WGS84; both or neither. */
gboolean
gw_field_position (JsonObject    *obj,
                   GwFieldFlags   flags,
                   double        *lat,
                   double        *lon,
                   gboolean      *present,
                   GError       **error)
{
  double y = NAN, x = NAN;

  if (!gw_field_number (obj, "lat", flags, -90, 90, &y, error) ||
      !gw_field_number (obj, "lon", flags, -180, 180, &x, error))
    return FALSE;
  if (isnan (x) != isnan (y))
    return refuse (error, _("“lat” and “lon” go together"));
  *present = !isnan (x);
  if (*present)
    *lat = y, *lon = x;
  return TRUE;
}

/* Photos are the town server's own: /api/v1/media/{sha256}, at most 20. */
gboolean
gw_field_media (JsonObject   *obj,
                const char   *member,
                char       ***urls,
                GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *node;
  JsonArray *array;

  if (!member_of (obj, member, GW_FIELD_OPTIONAL, &node, error))
    return FALSE;
  if (node == NULL)
    {
      *urls = g_new0 (char *, 1);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return refuse (error, _("“%s” must be a list of photo addresses"), member);
  array = json_node_get_array (node);
  if (json_array_get_length (array) > GW_FIELD_MAX_MEDIA)
    return refuse (error, _("“%s” may list at most %d photos"), member, GW_FIELD_MAX_MEDIA);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      const char *url = holds (el, G_TYPE_STRING) ? json_node_get_string (el) : NULL;

      if (url == NULL || gw_media_id_from_url (url) == NULL)
        return refuse (error, _("“%s” may only list photos uploaded to this server (%s…)"), member, GW_MEDIA_PATH);
      g_strv_builder_add (builder, url);
    }
  *urls = g_strv_builder_end (builder);
  return TRUE;
}

/* An RFC 3339 time with its offset. */
gboolean
gw_field_time (JsonObject    *obj,
               const char    *member,
               GwFieldFlags   flags,
               GDateTime    **value,
               GError       **error)
{
  JsonNode *node;
  GDateTime *time;

  if (!member_of (obj, member, flags, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!holds (node, G_TYPE_STRING) || strlen (json_node_get_string (node)) > 64 ||
      !(time = g_date_time_new_from_iso8601 (json_node_get_string (node), NULL)))
    return refuse (error, _("“%s” must be an RFC 3339 time such as 2026-03-01T09:30:00+08:00"), member);
  *value = time;
  return TRUE;
}

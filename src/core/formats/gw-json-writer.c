/* gw-json-writer.c: compact JSON text, as json-glib's generator writes it
 *
 * A value or member needs a comma before it unless it opens its object
 * or array, or follows its member's name: the text written so far says
 * which, so the writer keeps no state of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-json-writer.h"

static void
separate (GString *out)
{
  char last = out->len > 0 ? out->str[out->len - 1] : '\0';

  if (last != '\0' && last != '{' && last != '[' && last != ':')
    g_string_append_c (out, ',');
}

void
gw_json_write_begin_object (GString *out)
{
  separate (out);
  g_string_append_c (out, '{');
}

void
gw_json_write_end_object (GString *out)
{
  g_string_append_c (out, '}');
}

void
gw_json_write_begin_array (GString *out)
{
  separate (out);
  g_string_append_c (out, '[');
}

void
gw_json_write_end_array (GString *out)
{
  g_string_append_c (out, ']');
}

/* json-glib's escaping, byte by byte, quirks included: 0x1f goes out
 * as it is and DEL as \u007f; bytes past ASCII are copied. */
static void
escape (GString    *out,
        const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *run = text;
  const char *p;

  for (p = text; *p; p++)
    {
      guchar c = *p;
      const char *short_form = NULL;

      if (c != '"' && c != '\\' && (c >= 0x1f && c != 0x7f))
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': short_form = "\\\""; break;
        case '\\': short_form = "\\\\"; break;
        case '\b': short_form = "\\b"; break;
        case '\f': short_form = "\\f"; break;
        case '\n': short_form = "\\n"; break;
        case '\r': short_form = "\\r"; break;
        case '\t': short_form = "\\t"; break;
        default: break;
        }
      if (short_form)
        g_string_append (out, short_form);
      else
        {
          char u[] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], '\0' };

          g_string_append (out, u);
        }
    }
  g_string_append_len (out, run, p - run);
}

void
gw_json_write_member (GString    *out,
                      const char *name)
{
  separate (out);
  g_string_append_c (out, '"');
  escape (out, name);
  g_string_append (out, "\":");
}

/* NULL is written as null, as gw_json_builder_add_string() adds it. */
void
gw_json_write_string (GString    *out,
                      const char *text)
{
  separate (out);
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  escape (out, text);
  g_string_append_c (out, '"');
}

void
gw_json_write_int (GString *out,
                   gint64   value)
{
  separate (out);
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

void
gw_json_write_member_string (GString    *out,
                             const char *name,
                             const char *text)
{
  gw_json_write_member (out, name);
  gw_json_write_string (out, text);
}

void
gw_json_write_member_int (GString    *out,
                          const char *name,
                          gint64      value)
{
  gw_json_write_member (out, name);
  gw_json_write_int (out, value);
}

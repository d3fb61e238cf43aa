/* gw-json-reader.c: a strict JSON reader over text, with no tree
 *
 * RFC 8259 and no more: no comments, no byte-order mark, no leading
 * zeros, no escape JSON does not have. Refused besides, as the rest of
 * the app refuses them: bytes that are not UTF-8, NUL and other control
 * characters in strings, escapes that decode to NUL or to a lone UTF-16
 * surrogate, member names with escapes, numbers too long to be read
 * exactly, integers beyond 18 digits, and nesting deeper than
 * GW_JSON_MAX_DEPTH. Nothing recurses: depth costs a bit, not a frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-json-reader"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gw-json.h"
#include "gw-json-reader.h"

G_STATIC_ASSERT (GW_JSON_MAX_DEPTH <= 64);

void
gw_json_reader_init (GwJsonReader *r,
                     const char   *text,
                     gsize         len)
{
  memset (r, 0, sizeof *r);
  r->text = r->p = text ? text : "";
  r->end = r->p + (text ? len : 0);
}

/* Always FALSE, so that a caller can `return gw_json_reader_fail (…)`. */
gboolean
gw_json_reader_fail (GwJsonReader *r,
                     const char   *what)
{
  if (r->failure == NULL)
    {
      r->failure = what;
      r->failed_at = r->p - r->text;
    }
  r->p = r->end;
  return FALSE;
}

gsize
gw_json_reader_offset (GwJsonReader *r)
{
  return r->p - r->text;
}

static void
skip_space (GwJsonReader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

GwJsonKind
gw_json_reader_peek (GwJsonReader *r)
{
  skip_space (r);
  if (r->failure || r->p >= r->end)
    return GW_JSON_END;
  switch (*r->p)
    {
    case '{': return GW_JSON_OBJECT;
    case '[': return GW_JSON_ARRAY;
    case '"': return GW_JSON_STRING;
    case 't': return GW_JSON_TRUE;
    case 'f': return GW_JSON_FALSE;
    case 'n': return GW_JSON_NULL;
    default:
      return *r->p == '-' || g_ascii_isdigit (*r->p) ? GW_JSON_NUMBER : GW_JSON_END;
    }
}

gboolean
gw_json_reader_begin (GwJsonReader *r,
                      GwJsonKind    kind)
{
  g_return_val_if_fail (kind == GW_JSON_OBJECT || kind == GW_JSON_ARRAY, FALSE);

  if (gw_json_reader_peek (r) != kind)
    return gw_json_reader_fail (r, kind == GW_JSON_OBJECT ? "not an object" : "not an array");
  if (r->depth >= GW_JSON_MAX_DEPTH)
    return gw_json_reader_fail (r, "nested too deep");
  if (kind == GW_JSON_ARRAY)
    r->arrays |= G_GUINT64_CONSTANT (1) << r->depth;
  else
    r->arrays &= ~(G_GUINT64_CONSTANT (1) << r->depth);
  r->depth++;
  r->fresh = TRUE;
  r->p++;
  return TRUE;
}

static gboolean
in_array (GwJsonReader *r)
{
  return r->depth > 0 && (r->arrays >> (r->depth - 1)) & 1;
}

/* Past the ',' before the next element, or the bracket that closes the
 * innermost level (*more is then FALSE). */
static gboolean
advance (GwJsonReader *r,
         gboolean     *more)
{
  char close = in_array (r) ? ']' : '}';

  *more = FALSE;
  skip_space (r);
  if (r->failure || r->depth == 0 || r->p >= r->end)
    return gw_json_reader_fail (r, "the text ends inside a value");
  if (*r->p == close)
    {
      r->p++;
      r->depth--;
      r->fresh = FALSE;
      return TRUE;
    }
  if (!r->fresh)
    {
      if (*r->p != ',')
        return gw_json_reader_fail (r, "a ',' or a closing bracket is missing");
      r->p++;
      skip_space (r);
      if (r->p < r->end && (*r->p == ']' || *r->p == '}'))
        return gw_json_reader_fail (r, "a ',' before a closing bracket");
    }
  r->fresh = FALSE;
  *more = TRUE;
  return TRUE;
}

gboolean
gw_json_reader_next (GwJsonReader *r,
                     gboolean     *more)
{
  if (!in_array (r))
    return *more = FALSE, gw_json_reader_fail (r, "not in an array");
  return advance (r, more);
}

/* The next member's name (not NUL-terminated, into the text) and its ':'. */
gboolean
gw_json_reader_member (GwJsonReader  *r,
                       gboolean      *more,
                       const char   **name,
                       gsize         *name_len)
{
  const char *start;

  if (r->depth == 0 || in_array (r))
    return *more = FALSE, gw_json_reader_fail (r, "not in an object");
  if (!advance (r, more) || !*more)
    return r->failure == NULL;
  skip_space (r);
  if (r->p >= r->end || *r->p != '"')
    return gw_json_reader_fail (r, "a member without a name");
  start = ++r->p;
  while (r->p < r->end && *r->p != '"')
    {
      /* Member names are ours: plain printable ASCII. */
      if ((guchar) *r->p < 0x20 || (guchar) *r->p >= 0x7f || *r->p == '\\')
        return gw_json_reader_fail (r, "a member name that is not plain");
      r->p++;
    }
  if (r->p >= r->end)
    return gw_json_reader_fail (r, "the text ends inside a name");
  *name = start;
  *name_len = r->p - start;
  r->p++;
  skip_space (r);
  if (r->p >= r->end || *r->p != ':')
    return gw_json_reader_fail (r, "a ':' is missing after a name");
  r->p++;
  return TRUE;
}

/* The next member of an object whose members are @names: its index in
 * them (n_names for another), past the ':'. FALSE at the object's end
 * and on failure, and for a member of @names seen before (*seen has a
 * bit for each): which of the two counts is the tree parser's call. */
gboolean
gw_json_reader_next_member (GwJsonReader       *r,
                            const char * const *names,
                            guint               n_names,
                            guint32            *seen,
                            guint              *index)
{
  gboolean more;
  const char *name;
  gsize len;

  g_return_val_if_fail (n_names <= 32, FALSE);

  if (!gw_json_reader_member (r, &more, &name, &len) || !more)
    return FALSE;
  for (*index = 0; *index < n_names; (*index)++)
    if (gw_json_reader_name_is (name, len, names[*index]))
      break;
  if (*index == n_names)
    return TRUE;
  if (*seen & (1u << *index))
    return gw_json_reader_fail (r, "a member twice");
  *seen |= 1u << *index;
  return TRUE;
}

gboolean
gw_json_reader_name_is (const char *name,
                        gsize       name_len,
                        const char *expected)
{
  /* Most names differ in their first byte: no call for those. */
  return name_len > 0 && name[0] == expected[0] && strncmp (name, expected, name_len) == 0 &&
         expected[name_len] == '\0';
}

static int
hex4 (const char *p,
      const char *end)
{
  int unit = 0;

  if (end - p < 4)
    return -1;
  for (guint i = 0; i < 4; i++)
    {
      int v = g_ascii_xdigit_value (p[i]);

      if (v < 0)
        return -1;
      unit = unit * 16 + v;
    }
  return unit;
}

/* The escape after a '\\' at r->p, decoded into @out (if not NULL);
 * returns the bytes written, or -1. */
static int
escape (GwJsonReader *r,
        char         *out)
{
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *simple;
  gunichar c;
  int unit;
  char buf[6];

  if (r->end - r->p < 2)
    return -1;
  if (r->p[1] != 'u')
    {
      if (r->p[1] == '\0' || !(simple = strchr (from, r->p[1])))
        return gw_json_reader_fail (r, "an escape that JSON does not have"), -1;
      if (out)
        *out = to[simple - from];
      r->p += 2;
      return 1;
    }
  if ((unit = hex4 (r->p + 2, r->end)) < 0)
    return gw_json_reader_fail (r, "an escape that JSON does not have"), -1;
  if (unit == 0)
    return gw_json_reader_fail (r, "an escaped NUL"), -1;
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return gw_json_reader_fail (r, "a lone UTF-16 surrogate"), -1;
  r->p += 6;
  c = unit;
  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      int low = r->end - r->p >= 2 && r->p[0] == '\\' && r->p[1] == 'u' ? hex4 (r->p + 2, r->end) : -1;

      if (low < 0xDC00 || low > 0xDFFF)
        return gw_json_reader_fail (r, "a lone UTF-16 surrogate"), -1;
      c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      r->p += 6;
    }
  return g_unichar_to_utf8 (c, out ? out : buf);
}

/* Reads a string; @value (may be NULL) gets it decoded, NUL-terminated. */
gboolean
gw_json_reader_string (GwJsonReader  *r,
                       char         **value)
{
  const char *start, *p;
  char *out, *o;

  if (gw_json_reader_peek (r) != GW_JSON_STRING)
    return gw_json_reader_fail (r, "not a string");
  start = p = ++r->p;
  while (p < r->end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
    p++;
  if (p < r->end && *p == '"')
    {
      /* The common case: nothing escaped, copied at once. */
      if (!g_utf8_validate_len (start, p - start, NULL))
        return gw_json_reader_fail (r, "a string that is not UTF-8");
      r->p = p + 1;
      if (value)
        *value = g_strndup (start, p - start);
      return TRUE;
    }

  /* Escapes never decode longer than they are written. */
  o = out = value ? g_malloc (r->end - start + 1) : NULL;
  r->p = start;
  while (r->p < r->end && *r->p != '"')
    {
      if (*r->p == '\\')
        {
          int n = escape (r, o);

          if (n < 0)
            return g_free (out), gw_json_reader_fail (r, "an escape that JSON does not have");
          if (o)
            o += n;
          continue;
        }
      if ((guchar) *r->p < 0x20)
        return g_free (out), gw_json_reader_fail (r, "a control character in a string");
      if (o)
        *o++ = *r->p;
      r->p++;
    }
  if (r->p >= r->end)
    return g_free (out), gw_json_reader_fail (r, "the text ends inside a string");
  r->p++;
  if (out)
    {
      *o = '\0';
      if (!g_utf8_validate_len (out, o - out, NULL))
        return g_free (out), gw_json_reader_fail (r, "a string that is not UTF-8");
      *value = out;
    }
  /* Not decoded: the raw bytes, escapes aside, must be UTF-8 all the same. */
  else if (!g_utf8_validate_len (start, r->p - 1 - start, NULL))
    return gw_json_reader_fail (r, "a string that is not UTF-8");
  return TRUE;
}

static gsize
digits (const char *p,
        const char *end)
{
  const char *q = p;

  while (q < end && g_ascii_isdigit (*q))
    q++;
  return q - p;
}

/* The extent of the number at r->p, after JSON's grammar; whether it has
 * a fraction or an exponent. 0 if it is not a number. */
static gsize
number_span (GwJsonReader *r,
             gboolean     *integral)
{
  const char *p = r->p;
  gsize n;

  *integral = TRUE;
  if (p < r->end && *p == '-')
    p++;
  if ((n = digits (p, r->end)) == 0 || (n > 1 && *p == '0'))
    return 0;
  p += n;
  if (p < r->end && *p == '.')
    {
      *integral = FALSE;
      if ((n = digits (++p, r->end)) == 0)
        return 0;
      p += n;
    }
  if (p < r->end && (*p == 'e' || *p == 'E'))
    {
      *integral = FALSE;
      p++;
      if (p < r->end && (*p == '+' || *p == '-'))
        p++;
      if ((n = digits (p, r->end)) == 0)
        return 0;
      p += n;
    }
  return p - r->p;
}

/* An integer written as one, of at most 18 digits: never rounded. */
gboolean
gw_json_reader_int (GwJsonReader *r,
                    gint64       *value)
{
  gboolean integral, negative;
  gsize n;
  gint64 v = 0;

  if (gw_json_reader_peek (r) != GW_JSON_NUMBER || (n = number_span (r, &integral)) == 0)
    return gw_json_reader_fail (r, "not a number");
  if (!integral)
    return gw_json_reader_fail (r, "not a whole number");
  negative = *r->p == '-';
  if (n - negative > 18)
    return gw_json_reader_fail (r, "a number too large");
  for (gsize i = negative; i < n; i++)
    v = v * 10 + (r->p[i] - '0');
  *value = negative ? -v : v;
  r->p += n;
  return TRUE;
}

/* Any finite number, whole or not, of at most 40 characters. */
gboolean
gw_json_reader_double (GwJsonReader *r,
                       double       *value)
{
  gboolean integral;
  char buf[41];
  gsize n;

  if (gw_json_reader_peek (r) != GW_JSON_NUMBER || (n = number_span (r, &integral)) == 0)
    return gw_json_reader_fail (r, "not a number");
  if (n >= sizeof buf)
    return gw_json_reader_fail (r, "a number too long");
  memcpy (buf, r->p, n);
  buf[n] = '\0';
  *value = g_ascii_strtod (buf, NULL);
  if (!isfinite (*value))
    return gw_json_reader_fail (r, "a number too large");
  r->p += n;
  return TRUE;
}

static gboolean
literal (GwJsonReader *r,
         const char   *word)
{
  gsize n = strlen (word);

  if ((gsize) (r->end - r->p) < n || memcmp (r->p, word, n) != 0)
    return gw_json_reader_fail (r, "a word that JSON does not have");
  r->p += n;
  return TRUE;
}

gboolean
gw_json_reader_bool (GwJsonReader *r,
                     gboolean     *value)
{
  GwJsonKind kind = gw_json_reader_peek (r);

  if (kind != GW_JSON_TRUE && kind != GW_JSON_FALSE)
    return gw_json_reader_fail (r, "not true or false");
  *value = kind == GW_JSON_TRUE;
  return literal (r, *value ? "true" : "false");
}

gboolean
gw_json_reader_null (GwJsonReader *r)
{
  if (gw_json_reader_peek (r) != GW_JSON_NULL)
    return gw_json_reader_fail (r, "not null");
  return literal (r, "null");
}

/* One scalar, or the first step into a container. */
static gboolean
skip_one (GwJsonReader *r)
{
  double number;
  gboolean b;

  switch (gw_json_reader_peek (r))
    {
    case GW_JSON_OBJECT:
    case GW_JSON_ARRAY:
      return gw_json_reader_begin (r, *r->p == '{' ? GW_JSON_OBJECT : GW_JSON_ARRAY);
    case GW_JSON_STRING:
      return gw_json_reader_string (r, NULL);
    case GW_JSON_NUMBER:
      return gw_json_reader_double (r, &number);
    case GW_JSON_TRUE:
    case GW_JSON_FALSE:
      return gw_json_reader_bool (r, &b);
    case GW_JSON_NULL:
      return gw_json_reader_null (r);
    case GW_JSON_END:
    default:
      return gw_json_reader_fail (r, "a value is missing");
    }
}

/* The next value, whatever it is, read and checked like any other. */
gboolean
gw_json_reader_skip (GwJsonReader *r)
{
  guint base = r->depth;

  do
    {
      if (!skip_one (r))
        return FALSE;
      while (r->depth > base)
        {
          gboolean more;
          const char *name;
          gsize len;

          if (!(in_array (r) ? gw_json_reader_next (r, &more) : gw_json_reader_member (r, &more, &name, &len)))
            return FALSE;
          if (more)
            break;
        }
    }
  while (r->depth > base);
  return TRUE;
}

/* Nothing but white space after the document's one value. */
gboolean
gw_json_reader_finish (GwJsonReader *r)
{
  skip_space (r);
  if (r->failure)
    return FALSE;
  if (r->depth != 0 || r->p != r->end)
    return gw_json_reader_fail (r, "text after the value");
  return TRUE;
}

/* gw-import-cells.c: one validator for each kind of cell in a county's
 * spreadsheets
 *
 * Texts go through the same check as every text that arrives over the
 * API (gw_text_check); coordinates through gw_coordinate_is_valid. What
 * the operator types is read generously (全角 separators, 是/否 or yes/no,
 * the day number Excel keeps for a date), what is kept is exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gw-error.h"
#include "gw-field.h"
#include "gw-geo.h"
#include "gw-import-cells.h"
#include "gw-json.h"

#define CODE_CHARS 64
#define PHONE_CHARS 32
#define MAX_LIST 100
#define MAX_COUNT 1000

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

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (GW_ERROR, GW_ERROR_INVALID_DATA, format, args));
  va_end (args);
  return FALSE;
}

char **
gw_import_split_list (const char *text)
{
  g_autoptr(GStrvBuilder) items = g_strv_builder_new ();
  g_autofree char *copy = g_strdup (text);
  static const char * const separators[] = { "；", "、", "，", ";", ",", NULL };

  /* Every separator becomes ";", then one split. */
  for (guint i = 0; separators[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (copy, separators[i], -1);

      g_free (copy);
      copy = g_strjoinv (";", parts);
    }
  {
    g_auto(GStrv) parts = g_strsplit (copy, ";", -1);

    for (guint i = 0; parts[i]; i++)
      if (*g_strstrip (parts[i]))
        g_strv_builder_add (items, parts[i]);
  }
  return g_strv_builder_end (items);
}

static gboolean
check_code (const char  *text,
            GError     **error)
{
  if (!gw_text_check (text, -1, GW_FIELD_NOT_BLANK, CODE_CHARS, text, error))
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return refuse (error, _("the code “%s” may not hold spaces"), text);
  return TRUE;
}

static const GwCellChoice *
find_choice (const GwImportColumn *column,
             const char           *text)
{
  for (const GwCellChoice *c = column->choices; c && c->value; c++)
    if (g_str_equal (text, c->zh) || g_ascii_strcasecmp (text, c->en) == 0 ||
        g_ascii_strcasecmp (text, c->value) == 0)
      return c;
  return NULL;
}

static char *
choices_of (const GwImportColumn *column)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (const GwCellChoice *c = column->choices; c && c->value; c++)
    g_string_append_printf (list, "%s%s/%s", list->len ? ", " : "", c->zh, c->en);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

static gboolean
add_choice (const GwImportColumn *column,
            const char           *text,
            JsonBuilder          *b,
            GError              **error)
{
  const GwCellChoice *choice = find_choice (column, text);
  g_autofree char *allowed = NULL;

  if (choice)
    {
      json_builder_add_string_value (b, choice->value);
      return TRUE;
    }
  allowed = choices_of (column);
  return refuse (error, _("“%s” is not one of %s"), text, allowed);
}

static gboolean
add_list (const GwImportColumn *column,
          const char           *text,
          JsonBuilder          *b,
          GError              **error)
{
  g_auto(GStrv) items = gw_import_split_list (text);

  if (g_strv_length (items) > MAX_LIST)
    return refuse (error, _("more than %u values"), MAX_LIST);
  json_builder_begin_array (b);
  for (guint i = 0; items[i]; i++)
    {
      if (column->kind == GW_CELL_CHOICES)
        {
          if (!add_choice (column, items[i], b, error))
            return FALSE;
        }
      else if (!check_code (items[i], error))
        return FALSE;
      else
        json_builder_add_string_value (b, items[i]);
    }
  json_builder_end_array (b);
  return TRUE;
}

static gboolean
add_yes_no (const char   *text,
            JsonBuilder  *b,
            GError      **error)
{
  static const char * const yes[] = { "是", "yes", "true", "y", "1", NULL };
  static const char * const no[] = { "否", "no", "false", "n", "0", NULL };

  for (guint i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0 || g_ascii_strcasecmp (text, no[i]) == 0)
      {
        json_builder_add_boolean_value (b, g_ascii_strcasecmp (text, yes[i]) == 0);
        return TRUE;
      }
  return refuse (error, _("“%s” is neither 是/yes nor 否/no"), text);
}

/* "4工作时", "2 工作日", "4 working_hours", "3 working days". */
static gboolean
add_time_limit (const char   *text,
                JsonBuilder  *b,
                GError      **error)
{
  static const struct { const char *word; const char *unit; } units[] = {
    { "工作时", "working_hours" }, { "工作小时", "working_hours" }, { "小时", "working_hours" },
    { "工作日", "working_days" }, { "天", "working_days" },
    { "working_hours", "working_hours" }, { "working hours", "working_hours" },
    { "working_days", "working_days" }, { "working days", "working_days" },
  };
  char *end = NULL;
  guint64 value = g_ascii_strtoull (text, &end, 10);

  if (end == text || value == 0 || value > 10000)
    return refuse (error, _("“%s” is not a time limit such as 4工作时 or 2工作日"), text);
  while (*end == ' ')
    end++;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_ascii_strcasecmp (end, units[i].word) == 0)
      {
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "value");
        json_builder_add_int_value (b, (gint64) value);
        gw_json_builder_add_string (b, "unit", units[i].unit);
        json_builder_end_object (b);
        return TRUE;
      }
  return refuse (error, _("“%s” is not a time limit such as 4工作时 or 2工作日"), text);
}

/* How soon a whistled party reports: the same working day, or within
 * 1 to 60 working days. */
static gboolean
add_report_limit (const char   *text,
                  JsonBuilder  *b,
                  GError      **error)
{
  char *end = NULL;
  guint64 value = 1;
  const char *unit = NULL;

  if (g_str_equal (text, "当日") || g_str_equal (text, "当天") || g_ascii_strcasecmp (text, "same_day") == 0 ||
      g_ascii_strcasecmp (text, "same day") == 0)
    unit = "same_day";
  else
    {
      value = g_ascii_strtoull (text, &end, 10);
      while (end && *end == ' ')
        end++;
      if (end != text && value >= 1 && value <= 60 &&
          (g_str_equal (end, "工作日") || g_ascii_strcasecmp (end, "working_days") == 0 ||
           g_ascii_strcasecmp (end, "working days") == 0))
        unit = "working_days";
    }
  if (unit == NULL)
    return refuse (error, _("“%s” is not a report time such as 当日 or 3工作日"), text);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "value");
  json_builder_add_int_value (b, (gint64) value);
  gw_json_builder_add_string (b, "unit", unit);
  json_builder_end_object (b);
  return TRUE;
}

static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  *value = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && isfinite (*value);
}

/* A workbook keeps a date as days since 1899-12-30. */
static gboolean
add_date (const char   *text,
          JsonBuilder  *b,
          GError      **error)
{
  g_autoptr(GDate) date = g_date_new ();
  guint64 serial;
  char iso[16];
  int y, m, d, end = 0;

  if (g_ascii_string_to_unsigned (text, 10, 20000, 80000, &serial, NULL))
    {
      g_date_set_dmy (date, 30, 12, 1899);
      g_date_add_days (date, serial);
    }
  else if ((sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &end) == 3 ||
            sscanf (text, "%4d/%2d/%2d%n", &y, &m, &d, &end) == 3) && text[end] == '\0')
    {
      if (!g_date_valid_dmy (d, m, y) || y < 1900 || y > 2200)
        return refuse (error, _("“%s” is not a date (YYYY-MM-DD)"), text);
      g_date_set_dmy (date, d, m, y);
    }
  else
    return refuse (error, _("“%s” is not a date (YYYY-MM-DD)"), text);

  g_snprintf (iso, sizeof iso, "%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
              g_date_get_day (date));
  json_builder_add_string_value (b, iso);
  return TRUE;
}

static gboolean
add_value (const GwImportColumn *column,
           const char           *header,
           const char           *text,
           JsonBuilder          *b,
           GError              **error)
{
  double number;

  switch (column->kind)
    {
    case GW_CELL_TEXT:
      if (!gw_text_check (text, -1, GW_FIELD_NOT_BLANK, GW_FIELD_NAME_CHARS, header, error))
        return FALSE;
      json_builder_add_string_value (b, text);
      return TRUE;
    case GW_CELL_CODE:
      if (!check_code (text, error))
        return FALSE;
      json_builder_add_string_value (b, text);
      return TRUE;
    case GW_CELL_PHONE:
      if (strlen (text) > PHONE_CHARS || strspn (text, "0123456789+-() ") != strlen (text))
        return refuse (error, _("“%s” is not a telephone number"), text);
      json_builder_add_string_value (b, text);
      return TRUE;
    case GW_CELL_YES_NO:
      return add_yes_no (text, b, error);
    case GW_CELL_CHOICE:
      return add_choice (column, text, b, error);
    case GW_CELL_CHOICES:
    case GW_CELL_CODES:
      return add_list (column, text, b, error);
    case GW_CELL_TIME_LIMIT:
      return add_time_limit (text, b, error);
    case GW_CELL_REPORT_LIMIT:
      return add_report_limit (text, b, error);
    case GW_CELL_LONGITUDE:
    case GW_CELL_LATITUDE:
      if (!parse_number (text, &number) ||
          !gw_coordinate_is_valid (column->kind == GW_CELL_LONGITUDE ? number : 0,
                                   column->kind == GW_CELL_LATITUDE ? number : 0))
        return refuse (error, _("“%s” is not a longitude or latitude in degrees"), text);
      json_builder_add_double_value (b, number);
      return TRUE;
    case GW_CELL_DATE:
      return add_date (text, b, error);
    case GW_CELL_COUNT:
      if (!parse_number (text, &number) || number != floor (number) || number < 0 || number > MAX_COUNT)
        return refuse (error, _("“%s” is not a whole number from 0 to %u"), text, MAX_COUNT);
      json_builder_add_int_value (b, (gint64) number);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

gboolean
gw_import_cell (const GwImportColumn *column,
                const char           *header,
                const char           *text,
                JsonObject           *row,
                GError              **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) value = NULL;

  if (*trimmed == '\0')
    return column->required ? refuse (error, _("a value is required")) : TRUE;

  /* A builder of its own, holding the value in an array (a builder
   * needs a container): one that failed halfway is dropped whole. */
  b = json_builder_new ();
  json_builder_begin_array (b);
  if (!add_value (column, header, trimmed, b, error))
    return FALSE;
  json_builder_end_array (b);
  value = json_builder_get_root (b);
  json_object_set_member (row, column->member, json_node_copy (json_array_get_element (json_node_get_array (value), 0)));
  return TRUE;
}

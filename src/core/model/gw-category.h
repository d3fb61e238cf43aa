/* gw-category.h: a case category with its time limit and responsible department
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_CATEGORY_KIND_COMPONENT,   /* 部件: a physical thing that is broken or missing */
  GW_CATEGORY_KIND_EVENT,       /* 事件: something that happened or is being done */
} GwCategoryKind;

typedef enum
{
  GW_TIME_UNIT_WORKING_HOURS,
  GW_TIME_UNIT_WORKING_DAYS,
} GwTimeUnit;

const char *gw_category_kind_to_string   (GwCategoryKind  kind);
gboolean    gw_category_kind_from_string (const char     *name,
                                          GwCategoryKind *kind);
const char *gw_time_unit_to_string       (GwTimeUnit      unit);
gboolean    gw_time_unit_from_string     (const char     *name,
                                          GwTimeUnit     *unit);

#define GW_TYPE_CATEGORY (gw_category_get_type ())

G_DECLARE_FINAL_TYPE (GwCategory, gw_category, GW, CATEGORY, GObject)

typedef struct
{
  const char *code;            /* major + minor, e.g. "0101" */
  GwCategoryKind kind;
  const char *major_code;
  const char *major_name;
  const char *major_name_en;
  const char *name;
  const char *name_en;
  guint limit_value;
  GwTimeUnit limit_unit;
  const char *department;      /* responsible (lead) department id */
  /* The territorial list's other columns: departments that work with the
   * lead one (called in without a whistle), and the towns that handle the
   * category themselves (a town that took over county powers). NULL or
   * NULL-terminated. */
  const char * const *cooperating;
  const char * const *town_handles;
} GwCategoryInfo;

GwCategory           *gw_category_new            (const GwCategoryInfo *info);
GwCategory           *gw_category_new_from_json  (JsonNode             *node,
                                                  GError              **error);
JsonNode             *gw_category_to_json        (GwCategory           *self);
const GwCategoryInfo *gw_category_get_info       (GwCategory           *self);
const char           *gw_category_get_code       (GwCategory           *self);
const char           *gw_category_get_name       (GwCategory           *self);
/* category code -> the department responsible for it, for the categories
 * that name one; @categories (of GwCategory) may be NULL. */
GHashTable           *gw_category_departments_of (GPtrArray            *categories);
/* "town:CODE" when @town (a town's grid code, may be NULL) handles the
 * category itself, else NULL: its lead department does. */
char                 *gw_category_town_handler   (GwCategory           *self,
                                                  const char           *town);

G_END_DECLS

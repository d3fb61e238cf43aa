/* gw-whistle-list.h: what may be whistled up, and how soon it is answered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_REPORT_SAME_DAY,         /* by the end of the working day */
  GW_REPORT_WORKING_DAYS,
} GwReportUnit;

typedef struct
{
  char *code;
  char *name;
  char *name_en;
  char *category_code;        /* one of the list's six categories */
  char *category_name;
  char *category_name_en;
  guint report_value;
  GwReportUnit report_unit;
  char *department;           /* reports when the town whistles */
  char **case_categories;     /* case category codes or prefixes it covers */
} GwWhistleItem;

/* The store's meta key that changes whenever the stored whistle list
 * does, so that a running server takes it up. */
#define GW_WHISTLE_LIST_STAMP "whistle_list_stamp"
/* Its name among the store's inspection data, which keeps whole lists. */
#define GW_WHISTLE_LIST_DATA "whistle_items"

#define GW_TYPE_WHISTLE_LIST (gw_whistle_list_get_type ())

G_DECLARE_FINAL_TYPE (GwWhistleList, gw_whistle_list, GW, WHISTLE_LIST, GObject)

GwWhistleList       *gw_whistle_list_new_from_bytes (GBytes        *json,
                                                     GError       **error);
JsonNode            *gw_whistle_list_to_json        (GwWhistleList *self);
/* The list the town server's rules use: the county's, once it is set
 * (NULL: the built-in demo list again). A list that was the default is
 * kept for good, so an item from it stays valid. The app's comes with
 * its reference data instead. */
GwWhistleList       *gw_whistle_list_get_default    (void);
void                 gw_whistle_list_set_default    (GwWhistleList *list);
GwWhistleList       *gw_whistle_list_get_built_in   (void);
guint                gw_whistle_list_get_n_items    (GwWhistleList *self);
const GwWhistleItem *gw_whistle_list_get_item       (GwWhistleList *self,
                                                     guint          index);
const GwWhistleItem *gw_whistle_list_lookup         (GwWhistleList *self,
                                                     const char    *code);
const GwWhistleItem *gw_whistle_list_suggest        (GwWhistleList *self,
                                                     const char    *case_category);

G_END_DECLS

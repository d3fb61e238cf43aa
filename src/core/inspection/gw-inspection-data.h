/* gw-inspection-data.h: what joint inspections are planned over
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GW_RISK_LOW,
  GW_RISK_NORMAL,
  GW_RISK_HIGH,
} GwRisk;

typedef enum
{
  GW_ITEM_PRIORITY,     /* inspected at its frequency */
  GW_ITEM_RANDOM,       /* inspected when the target is drawn */
} GwItemKind;

/* One line of the catalogue: what a department checks at one kind of
 * target, and how often. */
typedef struct
{
  char *code;
  char *category;       /* target category code */
  char *department;
  char *name;
  char *name_en;
  char *basis;          /* the legal basis */
  guint per_year;
  GwItemKind kind;
} GwInspectionItem;

typedef struct
{
  char *code;
  char *name;
  char *name_en;
} GwTargetCategory;

/* An enterprise or site. */
typedef struct
{
  char *id;
  char *name;
  char *credit_code;    /* 统一社会信用代码 */
  char *category;
  char *address;
  double lat, lon;
  char *grid;
  GwRisk risk;
  guint complaints;
  guint32 last_inspected;   /* julian day; 0: never */
} GwInspectionTarget;

typedef struct
{
  char *id;
  char *name;
  char *department;
  char **qualifications;    /* target categories */
  char **conflicts;         /* target ids the inspector must not inspect */
} GwInspector;

const char *gw_risk_to_string   (GwRisk      risk);
gboolean    gw_risk_from_string (const char *name,
                                 GwRisk     *risk);
const char *gw_risk_label       (GwRisk      risk);

/* The store's meta key that changes whenever the stored targets or
 * inspectors do, so that a running server reads them again. */
#define GW_INSPECTION_DATA_STAMP "inspection_data_stamp"
/* A county's own catalogue among the store's inspection data. */
#define GW_INSPECTION_CATALOGUE "catalogue"

#define GW_TYPE_INSPECTION_DATA (gw_inspection_data_get_type ())

G_DECLARE_FINAL_TYPE (GwInspectionData, gw_inspection_data, GW, INSPECTION_DATA, GObject)

/* The built-in (demo) catalogue, or one in the same shape:
 * {"target_categories": [...], "departments": [...], "items": [...]}. */
GwInspectionData         *gw_inspection_data_new_catalogue (GError           **error);
GwInspectionData         *gw_inspection_data_new_from_catalogue (JsonNode   *catalogue,
                                                            GError           **error);
void                      gw_inspection_data_add_demo      (GwInspectionData  *self,
                                                            guint              n_targets,
                                                            guint              inspectors_per_department,
                                                            guint32            seed,
                                                            double             min_lat,
                                                            double             min_lon,
                                                            double             max_lat,
                                                            double             max_lon);
void                      gw_inspection_data_add_target    (GwInspectionData  *self,
                                                            const GwInspectionTarget *target);
void                      gw_inspection_data_place_target  (GwInspectionData  *self,
                                                            guint              index,
                                                            double             lat,
                                                            double             lon,
                                                            const char        *grid);
void                      gw_inspection_data_add_inspector (GwInspectionData  *self,
                                                            const GwInspector *inspector);
const GwInspectionTarget *gw_inspection_data_get_targets   (GwInspectionData  *self,
                                                            guint             *n);
const GwInspectionItem   *gw_inspection_data_get_items     (GwInspectionData  *self,
                                                            guint             *n);
const GwInspector        *gw_inspection_data_get_inspectors (GwInspectionData *self,
                                                            guint             *n);
const GwTargetCategory   *gw_inspection_data_get_categories (GwInspectionData *self,
                                                            guint             *n);
const char * const       *gw_inspection_data_get_departments (GwInspectionData *self);
int                       gw_inspection_data_find_target   (GwInspectionData  *self,
                                                            const char        *id);
int                       gw_inspection_data_find_item     (GwInspectionData  *self,
                                                            const char        *code);
int                       gw_inspection_data_find_inspector (GwInspectionData *self,
                                                            const char        *id);
JsonNode                 *gw_inspection_data_targets_to_json (GwInspectionData *self);
JsonNode                 *gw_inspection_data_catalogue_to_json (GwInspectionData *self);
JsonNode                 *gw_inspection_data_inspectors_to_json (GwInspectionData *self);
gboolean                  gw_inspection_data_load_json     (GwInspectionData  *self,
                                                            JsonNode          *targets,
                                                            JsonNode          *inspectors,
                                                            GError           **error);

G_END_DECLS

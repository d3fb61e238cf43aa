/* gw-import-kinds.h: what each kind of list a county imports holds, how
 * its rows become the server's items, and how they are written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-import-sheet.h"
#include "gw-store.h"
#include "gw-store-references.h"

G_BEGIN_DECLS

/* One item, from the file or from the store, as the import compares it:
 * equal JSON texts are an unchanged item. */
typedef struct
{
  char *key;           /* the code or id the file updates it by */
  char *name;          /* what people call it */
  char *json;          /* as the change feed carries it */
  GObject *object;     /* the model's object */
  guint row;           /* the file's row, 0 for the store's */
} GwImportItem;

GwImportItem *gw_import_item_new  (const char *key,
                                   const char *name,
                                   JsonNode   *json,
                                   gpointer    object);
void          gw_import_item_free (GwImportItem *item);

typedef struct
{
  GwStore *store;
  GwImportSheet *sheet;
  GwImportReport *report;
  GHashTable *departments;     /* the store's, read when first asked */
  GHashTable *grids;
  GHashTable *targets;         /* credit code → the stored target */
  GwInspectionData *catalogue; /* the county's, or the built-in one */
} GwImportRun;

gboolean gw_import_run_has_department (GwImportRun *run,
                                       const char  *id);
GwGrid  *gw_import_run_lookup_grid    (GwImportRun *run,
                                       const char  *code);
/* "open case ID (description)" for each open case that refers to @key. */
void     gw_import_run_add_case_references (GwImportRun     *run,
                                            GwReferenceKind  kind,
                                            const char      *key,
                                            GPtrArray       *names);
/* "inspection plan N" for each plan whose text holds @needle. */
void     gw_import_run_add_plan_references (GwImportRun     *run,
                                            const char      *needle,
                                            GPtrArray       *names);
void     gw_import_run_clear          (GwImportRun *run);

/* Lists the store keeps whole among its inspection data, as
 * {"items": [...]}: read (an empty one when none), as items by
 * @key_member, and written with a new stamp at @stamp_key. */
JsonNode  *gw_import_stored_list  (GwImportRun  *run,
                                   const char   *name);
GPtrArray *gw_import_list_stored  (GwImportRun  *run,
                                   const char   *name,
                                   const char   *key_member);
gboolean   gw_import_write_stored (GwImportRun  *run,
                                   const char   *name,
                                   const char   *stamp_key,
                                   GPtrArray    *items,
                                   GError      **error);

typedef struct
{
  const char *name;                 /* as --import names it */
  const char *feed_kind;            /* as the change feed names its items */
  const GwImportColumn *columns;
  /* The store's items. */
  GPtrArray    *(*list)     (GwImportRun *run,
                             GError     **error);
  /* A valid row's item, its references checked (refusals to the report). */
  GwImportItem *(*build)    (GwImportRun *run,
                             GwImportRow *row);
  /* Checks the set as it would be after the import (may be NULL). */
  void          (*check)    (GwImportRun *run,
                             GPtrArray   *items);
  /* What would still refer to an item that --replace removes: names. */
  void          (*refers)   (GwImportRun  *run,
                             GwImportItem *item,
                             GPtrArray    *names);
  /* Makes the store's set @items, in the caller's transaction. */
  gboolean      (*write)    (GwImportRun *run,
                             GPtrArray   *items,
                             GError     **error);
} GwImportKind;

const GwImportKind *gw_import_kind_lookup (const char *name);
/* The kinds in the order a county imports them; NULL past the last. */
const GwImportKind *gw_import_kind_nth    (guint       index);
/* "departments, categories, …" for the usage message. */
char               *gw_import_kind_names  (void);

extern const GwImportKind gw_import_departments;
extern const GwImportKind gw_import_categories;
extern const GwImportKind gw_import_workers;
extern const GwImportKind gw_import_targets;
extern const GwImportKind gw_import_inspectors;
extern const GwImportKind gw_import_whistle_items;
extern const GwImportKind gw_import_calendar;
extern const GwImportKind gw_import_catalogue;

G_END_DECLS

/* gw-import-plan.h: what importing a county's list would change, checked
 * whole, and writing it in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-import-kinds.h"

G_BEGIN_DECLS

typedef struct
{
  const GwImportKind *kind;
  GwImportRun run;
  GwImportReport report;     /* errors: the plan may not be written */
  gboolean replace;
  GPtrArray *items;          /* the store's set after the import */
  GPtrArray *added;          /* of GwImportItem, all borrowed */
  GPtrArray *changed;
  GPtrArray *absent;         /* the store's, not in the rows */
  guint unchanged;
  /* private */
  GwImportSheet *sheet;
  GPtrArray *file_items;
  GPtrArray *existing;
} GwImportPlan;

/* The plan for @cells (a sheet's rows) of @kind; NULL only when the store
 * cannot be read. With @replace the absent items go, unless something
 * still refers to them (an error in the report). */
GwImportPlan *gw_import_plan_new   (GwStore             *store,
                                    const GwImportKind  *kind,
                                    GPtrArray           *cells,
                                    gboolean             replace,
                                    GError             **error);
/* Writes the plan, which must have no errors, in one transaction; its
 * changes go to the feed when the store records changes (a server's
 * store; gridwatch-townd --import turns it on). */
gboolean      gw_import_plan_write (GwImportPlan        *plan,
                                    GError             **error);
void          gw_import_plan_free  (GwImportPlan        *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwImportPlan, gw_import_plan_free)

G_END_DECLS

/* gw-store-references.h: what still refers to a worker, a department or a
 * category, before an import removes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store.h"

G_BEGIN_DECLS

typedef enum
{
  GW_REFERENCE_CATEGORY,     /* cases of that category */
  GW_REFERENCE_WORKER,       /* cases assigned to that worker */
  GW_REFERENCE_DEPARTMENT,   /* cases assigned to it, or escalations calling it */
  GW_REFERENCE_WHISTLE_ITEM, /* escalations of that item */
} GwReferenceKind;

/* The open cases (neither closed nor rejected) that refer to @key, as
 * "ID (description)" for the operator; NULL on a storage error. */
GPtrArray *gw_store_list_open_cases_referring (GwStore          *self,
                                               GwReferenceKind   kind,
                                               const char       *key,
                                               GError          **error);

G_END_DECLS

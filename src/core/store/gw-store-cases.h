/* gw-store-cases.h: cases, as both databases keep them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-rules.h"
#include "gw-store.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CASE_QUERY_OPEN_OR_CLOSED,
  GW_CASE_QUERY_OPEN_ONLY,
  GW_CASE_QUERY_CLOSED_ONLY,
} GwCaseQueryOpen;

typedef struct
{
  const char *status;     /* NULL: any */
  const char *grid;       /* NULL: any; a grid code matches its sub-grids */
  const char *since;      /* RFC 3339: updated at or after */
  gint64 touched_after;   /* 0: any; else written after that stamp */
  /* Cases the escalation rules may act on by themselves: a report owed,
   * or running without an escalation and due before this RFC 3339 time
   * (in the deadlines' offset) or returned twice. */
  const char *escalation_cutoff;
  const char *ids;        /* NULL: any; else a JSON array of case ids */
  const char *categories; /* NULL: any; else a JSON array of codes */
  GwCaseQueryOpen open;
  gint64 reported_from;   /* Unix times, inclusive; 0: unbounded */
  gint64 reported_to;
  /* The server's database only (its audit trail): cases this user made. */
  const char *created_by;
  guint limit;            /* 0: no limit */
  gint64 offset;          /* rows skipped, with a limit */
  /* 0: every row; else only rows from @rowid_from (inclusive) to
   * @rowid_below, so that threads read a large list in parts, each in
   * the table's own order (gw_store_split_cases()): by rowid, the order
   * in which the rows were first written, not by report time. */
  gint64 rowid_from;
  gint64 rowid_below;
} GwCaseQuery;

/* Cases, on both sides. */
GwCase        *gw_store_get_case            (GwStore            *self,
                                             const char         *id);
gboolean       gw_store_put_case            (GwStore            *self,
                                             GwCase             *kase,
                                             GError            **error);
GPtrArray     *gw_store_list_cases          (GwStore            *self,
                                             const GwCaseQuery  *query,
                                             GError            **error);
guint          gw_store_count_cases         (GwStore            *self);
gint64         gw_store_get_cases_touched   (GwStore            *self);
gint64         gw_store_split_cases         (GwStore            *self);
char          *gw_store_next_case_id        (GwStore            *self,
                                             GDateTime          *now,
                                             GError            **error);

G_END_DECLS

/* gw-store-feed.h: the town server's records: the change feed, the audit
 * trail, idempotency keys and failed logins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store-cases.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 seq;
  char *kind;
  char *id;
  gint64 version;
  char *data;             /* the entity's JSON at that version */
} GwChange;

typedef struct
{
  gint64 seq;
  char *at;
  char *user;
  char *role;
  char *action;
  char *case_id;
  char *key;
  gint64 before_version;
  gint64 after_version;
  guint status;
  char *detail;
} GwAuditEntry;

/* Whether writes to grids, cases and inspection plans go to the feed:
 * the town server's do, a copy written as a client writes it does not. */
void           gw_store_record_changes      (GwStore            *self,
                                             gboolean            records);

void           gw_change_free               (GwChange       *change);
void           gw_audit_entry_free          (GwAuditEntry   *entry);

/* The same cases as JSON texts, as the town server sends them. */
GPtrArray     *gw_store_list_case_json      (GwStore            *self,
                                             const GwCaseQuery  *query,
                                             GError            **error);

GPtrArray     *gw_store_read_changes        (GwStore            *self,
                                             gint64              since,
                                             guint               limit,
                                             gint64             *last_seq,
                                             gboolean           *more,
                                             GError            **error);
gint64         gw_store_get_last_seq        (GwStore            *self);
/* This database's feed: a random id made once, so that a client whose
 * cursor belongs to another database can tell. */
char          *gw_store_dup_feed_id         (GwStore            *self,
                                             GError            **error);
/* Writes @entry with its @at (ISO 8601) when set, else now: only the demo
 * generator sets it, for the simulated past of a seeded case. */
gboolean       gw_store_audit               (GwStore            *self,
                                             const GwAuditEntry *entry,
                                             GError            **error);
GPtrArray     *gw_store_list_audit          (GwStore            *self,
                                             const char         *case_id,
                                             GError            **error);
/* An idempotency key remembers its answer and the request it answered
 * (@request: a digest of what was asked; NULL for keys from before). */
gboolean       gw_store_lookup_idempotent   (GwStore            *self,
                                             const char         *user,
                                             const char         *key,
                                             guint              *status,
                                             char              **body,
                                             char              **request);
gboolean       gw_store_remember_idempotent (GwStore            *self,
                                             const char         *user,
                                             const char         *key,
                                             const char         *request,
                                             guint               status,
                                             const char         *body,
                                             GError            **error);
/* Failed logins, counted per minute (UTC, "YYYY-MM-DDTHH:MM") and
 * address; rows older than @keep_days go. */
gboolean       gw_store_record_auth_failures (GwStore           *self,
                                             const char         *minute,
                                             const char         *address,
                                             guint               count,
                                             const char         *last_path,
                                             guint               keep_days,
                                             GError            **error);
gint64         gw_store_count_auth_failures (GwStore            *self,
                                             const char         *address);

G_END_DECLS

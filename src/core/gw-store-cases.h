/* gw-store-cases.h: cases, the change feed, the outbox and the audit trail
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-rules.h"
#include "gw-store.h"

G_BEGIN_DECLS

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
  guint limit;            /* 0: no limit */
} GwCaseQuery;

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
  char *case_id;
  char *action;
  char *params;           /* JSON object */
  gint64 base_version;
  char *key;
  guint attempts;
  char *last_error;
} GwOutboxEntry;

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

void           gw_change_free               (GwChange       *change);
void           gw_outbox_entry_free         (GwOutboxEntry  *entry);
void           gw_audit_entry_free          (GwAuditEntry   *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwOutboxEntry, gw_outbox_entry_free)

/* Cases, on both sides. */
GwCase        *gw_store_get_case            (GwStore            *self,
                                             const char         *id);
gboolean       gw_store_put_case            (GwStore            *self,
                                             GwCase             *kase,
                                             GError            **error);
GPtrArray     *gw_store_list_cases          (GwStore            *self,
                                             const GwCaseQuery  *query,
                                             GError            **error);
/* The same cases as JSON texts, as the town server sends them. */
GPtrArray     *gw_store_list_case_json      (GwStore            *self,
                                             const GwCaseQuery  *query,
                                             GError            **error);
guint          gw_store_count_cases         (GwStore            *self);
gint64         gw_store_get_cases_touched   (GwStore            *self);
char          *gw_store_next_case_id        (GwStore            *self,
                                             GDateTime          *now,
                                             GError            **error);

/* The client's side of the feed: applied by version, with the cursor in
 * the same transaction; cases with a queued local action are left alone. */
gboolean       gw_store_apply_cases         (GwStore            *self,
                                             GPtrArray          *cases,
                                             gint64              cursor,
                                             GPtrArray          *written,
                                             GError            **error);
gint64         gw_store_get_cursor          (GwStore            *self);

/* The outbox: a local action and its optimistic result in one transaction. */
gboolean       gw_store_enqueue_action      (GwStore            *self,
                                             GwCase             *optimistic,
                                             const char         *action,
                                             const char         *params,
                                             gint64              base_version,
                                             const char         *key,
                                             GError            **error);
GwOutboxEntry *gw_store_peek_outbox         (GwStore            *self);
gboolean       gw_store_finish_action       (GwStore            *self,
                                             gint64              seq,
                                             const char         *case_id,
                                             GwCase             *server_case,
                                             gboolean            applied,
                                             GError            **error);
void           gw_store_note_action_failure (GwStore            *self,
                                             gint64              seq,
                                             const char         *message);
guint          gw_store_count_outbox        (GwStore            *self);

/* The server's side. */
GPtrArray     *gw_store_read_changes        (GwStore            *self,
                                             gint64              since,
                                             guint               limit,
                                             gint64             *last_seq,
                                             gboolean           *more,
                                             GError            **error);
gint64         gw_store_get_last_seq        (GwStore            *self);
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

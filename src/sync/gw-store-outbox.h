/* gw-store-outbox.h: the client's side of the feed, and the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-store-cases.h"

G_BEGIN_DECLS

/* A photo sent with a new case: uploaded before the report, which then
 * names it by @url. */
typedef struct
{
  char *content_type;
  GBytes *data;
  char *url;              /* NULL: not uploaded yet */
} GwOutboxPhoto;

GwOutboxPhoto *gw_outbox_photo_new          (const char         *content_type,
                                             GBytes             *data);
void           gw_outbox_photo_free         (GwOutboxPhoto      *photo);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwOutboxPhoto, gw_outbox_photo_free)

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
  GPtrArray *photos;      /* of GwOutboxPhoto, a report's, in order */
} GwOutboxEntry;

void           gw_outbox_entry_free         (GwOutboxEntry  *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwOutboxEntry, gw_outbox_entry_free)

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
/* A new case's report and its photos (of GwOutboxPhoto; may be NULL),
 * with its stand-in, in one transaction. */
gboolean       gw_store_enqueue_report      (GwStore            *self,
                                             GwCase             *stand_in,
                                             const char         *report,
                                             const char         *key,
                                             GPtrArray          *photos,
                                             GError            **error);
gboolean       gw_store_set_outbox_photo_url (GwStore           *self,
                                             gint64              seq,
                                             guint               position,
                                             const char         *url,
                                             GError            **error);
GwOutboxEntry *gw_store_peek_outbox         (GwStore            *self);
gboolean       gw_store_finish_action       (GwStore            *self,
                                             gint64              seq,
                                             const char         *case_id,
                                             GwCase             *server_case,
                                             gboolean            applied,
                                             GError            **error);
gboolean       gw_store_finish_report       (GwStore            *self,
                                             gint64              seq,
                                             const char         *local_id,
                                             GwCase             *server_case,
                                             GError            **error);
void           gw_store_note_action_failure (GwStore            *self,
                                             gint64              seq,
                                             const char         *message);
guint          gw_store_count_outbox        (GwStore            *self);

G_END_DECLS

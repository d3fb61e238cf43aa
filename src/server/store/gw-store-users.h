/* gw-store-users.h: the town server's users and their tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-rules.h"
#include "gw-store.h"

G_BEGIN_DECLS

typedef enum
{
  GW_TOKEN_VALID,
  GW_TOKEN_UNKNOWN,     /* never issued, or replaced by a newer one */
  GW_TOKEN_REVOKED,
  GW_TOKEN_EXPIRED,
} GwTokenState;

typedef struct
{
  char *name;
  char *role;
  char *created_at;
  char *expires_at;     /* NULL: never */
  char *revoked_at;     /* NULL: not revoked */
  char *display_name;   /* what people see; NULL: the name */
} GwUserRecord;

void          gw_user_record_free        (GwUserRecord  *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GwUserRecord, gw_user_record_free)

/* Each returns the user's new token, shown only this once; only its hash
 * is kept. It expires after @days (0: never), and a revoked user who is
 * given one is revoked no more. */
char         *gw_store_add_user          (GwStore       *self,
                                          const char    *name,
                                          GwRole         role,
                                          guint          days,
                                          GError       **error);
char         *gw_store_rotate_token      (GwStore       *self,
                                          const char    *name,
                                          guint          days,
                                          GError       **error);
gboolean      gw_store_revoke_user       (GwStore       *self,
                                          const char    *name,
                                          GError       **error);
GPtrArray    *gw_store_list_users        (GwStore       *self,
                                          GError       **error);
gboolean      gw_store_set_user_display_name (GwStore   *self,
                                          const char    *name,
                                          const char    *display_name,
                                          GError       **error);
GHashTable   *gw_store_user_display_names (GwStore      *self,
                                          GError       **error);

/* Who holds the token with this hash, and until when (@expires: Unix
 * time, 0 for never); @name and @role are set only for a valid one. */
GwTokenState  gw_store_check_token_hash  (GwStore       *self,
                                          const char    *hash,
                                          GDateTime     *now,
                                          char         **name,
                                          GwRole        *role,
                                          gint64        *expires);
GwTokenState  gw_store_authenticate      (GwStore       *self,
                                          const char    *token,
                                          char         **name,
                                          GwRole        *role);

G_END_DECLS

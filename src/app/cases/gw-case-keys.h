/* gw-case-keys.h: what the queue filters on, one small key per case position
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gw-case-model.h"

G_BEGIN_DECLS

typedef enum
{
  GW_CASE_KEY_URGENT          = 1 << 0,
  GW_CASE_KEY_EXTENSION_ASKED = 1 << 1,   /* a new deadline requested */
  GW_CASE_KEY_UNPLACED        = 1 << 2,   /* taken in without a location */
} GwCaseKeyFlags;

/* Codes and assignees as indexes into the keys' own strings; 0 is none. */
typedef struct
{
  gint64 deadline;          /* unix seconds, 0: none */
  gint64 reported;          /* unix seconds */
  guint32 category;
  guint32 grid;
  guint32 assignee;
  guint32 town;             /* the town handling it itself */
  guint8 status;            /* GwCaseStatus */
  guint8 source;            /* GwCaseSource */
  guint8 flags;             /* GwCaseKeyFlags */
} GwCaseKey;

#define GW_TYPE_CASE_KEYS (gw_case_keys_get_type ())

G_DECLARE_FINAL_TYPE (GwCaseKeys, gw_case_keys, GW, CASE_KEYS, GObject)

GwCaseKeys      *gw_case_keys_new           (GwCaseModel *model);
guint            gw_case_keys_get_size      (GwCaseKeys  *self);
const GwCaseKey *gw_case_keys_peek          (GwCaseKeys  *self);
guint            gw_case_keys_get_n_strings (GwCaseKeys  *self);
const char      *gw_case_keys_get_string    (GwCaseKeys  *self,
                                             guint32      index);

G_END_DECLS

/* gw-review-item.c: one unit's row of the leader review, for list models
 *
 * The review is computed anew whenever the cases or the period change;
 * each item keeps its own copy of its figures, so a row on screen never
 * points into a review that is gone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gw-review-item.h"

struct _GwReviewItem
{
  GObject parent_instance;

  GwReviewRow row;
  GwStatsRow now;
  GwStatsRow before;
  char *name;
};

G_DEFINE_FINAL_TYPE (GwReviewItem, gw_review_item, G_TYPE_OBJECT)

static void
gw_review_item_finalize (GObject *object)
{
  GwReviewItem *self = (GwReviewItem *) object;

  g_free (self->row.key);
  g_free (self->now.key);
  g_free (self->before.key);
  g_free (self->name);

  G_OBJECT_CLASS (gw_review_item_parent_class)->finalize (object);
}

static void
gw_review_item_class_init (GwReviewItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_review_item_finalize;
}

static void
gw_review_item_init (GwReviewItem *self)
{
}

GwReviewItem *
gw_review_item_new (const GwReviewRow *row,
                    const char        *name)
{
  GwReviewItem *self = g_object_new (GW_TYPE_REVIEW_ITEM, NULL);

  self->now = *row->now;
  self->now.key = g_strdup (row->now->key);
  self->before = *row->before;
  self->before.key = g_strdup (row->before->key);
  self->row.key = g_strdup (row->key);
  self->row.now = &self->now;
  self->row.before = &self->before;
  self->name = g_strdup (name ? name : row->key);
  return self;
}

const GwReviewRow *
gw_review_item_get_row (GwReviewItem *self)
{
  g_return_val_if_fail (GW_IS_REVIEW_ITEM (self), NULL);
  return &self->row;
}

const char *
gw_review_item_get_name (GwReviewItem *self)
{
  g_return_val_if_fail (GW_IS_REVIEW_ITEM (self), NULL);
  return self->name;
}

/* test-drip-model.c: a list view's rows come a screenful per main-loop turn
 *
 * GwDripModel holds back the items of a long list that fills at once, so
 * that GTK builds its rows over several turns, and otherwise passes every
 * change through. What it shows is always a prefix of its model, in its
 * model's order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "gw-drip-model.h"

typedef struct
{
  guint changes;
  guint largest_added;
} Seen;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Seen       *seen)
{
  seen->changes++;
  seen->largest_added = MAX (seen->largest_added, added);
}

static void
append_numbers (GListStore *store,
                guint       from,
                guint       n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = from; i < from + n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);

      g_ptr_array_add (items, gtk_string_object_new (text));
    }
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0, items->pdata, items->len);
}

/* The item at @position is the model's. */
static void
assert_prefix (GListModel *drip,
               GListModel *model)
{
  guint n = g_list_model_get_n_items (drip);

  g_assert_cmpuint (n, <=, g_list_model_get_n_items (model));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (drip, i);
      g_autoptr(GObject) b = g_list_model_get_item (model, i);

      g_assert_true (a == b);
    }
  g_assert_null (g_list_model_get_item (drip, n));
}

static void
test_fills_a_screenful_per_turn (void)
{
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GwDripModel) drip = gw_drip_model_new (g_object_ref (G_LIST_MODEL (store)));
  Seen seen = { 0 };
  guint turns = 0;

  g_signal_connect (drip, "items-changed", G_CALLBACK (on_items_changed), &seen);
  append_numbers (store, 0, 5000);
  /* Nothing yet: the rows come in turns of their own. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)), ==, 0);
  while (g_list_model_get_n_items (G_LIST_MODEL (drip)) < 5000)
    {
      guint before = g_list_model_get_n_items (G_LIST_MODEL (drip));

      g_main_context_iteration (NULL, TRUE);
      turns++;
      assert_prefix (G_LIST_MODEL (drip), G_LIST_MODEL (store));
      /* A turn adds at most a screenful, until GTK's rows are built;
       * then the rest at once, of which GTK builds no rows. */
      if (g_list_model_get_n_items (G_LIST_MODEL (drip)) < 5000)
        g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)) - before, <=, 20);
    }
  g_assert_cmpuint (turns, >, 5);

  /* Long now: a change passes through as it comes. */
  seen.changes = 0;
  append_numbers (store, 5000, 1000);
  g_assert_cmpuint (seen.changes, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)), ==, 6000);
  assert_prefix (G_LIST_MODEL (drip), G_LIST_MODEL (store));
}

static void
test_short_again_drips_again (void)
{
  g_autoptr(GListStore) store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  g_autoptr(GwDripModel) drip = gw_drip_model_new (g_object_ref (G_LIST_MODEL (store)));
  Seen seen = { 0 };

  append_numbers (store, 0, 3000);
  gw_drip_model_flush (drip);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)), ==, 3000);

  /* A filter left ten: the next thousands are new rows, a screenful a turn. */
  g_list_store_splice (store, 10, 2990, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)), ==, 10);
  g_signal_connect (drip, "items-changed", G_CALLBACK (on_items_changed), &seen);
  append_numbers (store, 10, 3000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)), ==, 10);
  g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)), ==, 30);

  /* A change among those shown is told at once, the rest still waits. */
  g_list_store_remove (store, 5);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)), ==, 30);
  assert_prefix (G_LIST_MODEL (drip), G_LIST_MODEL (store));

  gw_drip_model_flush (drip);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (drip)), ==, 3009);
  assert_prefix (G_LIST_MODEL (drip), G_LIST_MODEL (store));
  g_assert_cmpuint (seen.largest_added, >, 20);   /* the rest, once the rows were built */
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drip-model/fills-a-screenful-per-turn", test_fills_a_screenful_per_turn);
  g_test_add_func ("/drip-model/short-again-drips-again", test_short_again_drips_again);
  return g_test_run ();
}

/* gw-place-matches.c: the places a typed text may mean, in a list
 *
 * The grids and the inspection targets become places once (names and
 * points from memory); every keystroke asks gw_place_search_async() in a
 * thread, cancelling the last, and the list shows what it found. Enter
 * takes the first place, also when it is still being looked for: it is
 * chosen when it arrives, so a fast typist never waits to press Enter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-place-matches"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-place-matches.h"
#include "gw-ui-language.h"

#define MAX_MATCHES 6

struct _GwPlaceMatches
{
  GObject parent_instance;

  GwSession *session;
  GtkListBox *list;
  GPtrArray *candidates;      /* of GwPlace: grids and targets */
  GPtrArray *found;           /* of GwPlace, as the list shows them */
  GCancellable *search;
  char *text;
  gboolean choose_pending;
};

G_DEFINE_FINAL_TYPE (GwPlaceMatches, gw_place_matches, G_TYPE_OBJECT)

enum {
  PLACE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
add_grids (GwPlaceMatches  *self,
           GwReferenceData *reference)
{
  GPtrArray *grids = gw_reference_data_get_grids (reference);

  for (guint i = 0; i < grids->len; i++)
    {
      GwGrid *grid = g_ptr_array_index (grids, i);
      GwGrid *parent = gw_grid_get_parent_code (grid)
                       ? gw_reference_data_lookup_grid (reference, gw_grid_get_parent_code (grid)) : NULL;
      double lat, lon;

      if (gw_grid_get_level (grid) == GW_GRID_LEVEL_COUNTY || gw_grid_get_geometry (grid) == NULL)
        continue;
      gw_geometry_get_label_point (gw_grid_get_geometry (grid), &lon, &lat);
      g_ptr_array_add (self->candidates, gw_place_new (GW_PLACE_GRID, gw_grid_get_name (grid),
                                                       parent ? gw_grid_get_name (parent) : NULL, lat, lon));
    }
}

static void
add_targets (GwPlaceMatches   *self,
             GwInspectionData *targets)
{
  const GwInspectionTarget *t;
  guint n = 0;

  t = targets ? gw_inspection_data_get_targets (targets, &n) : NULL;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->candidates, gw_place_new (GW_PLACE_TARGET, t[i].name, t[i].address, t[i].lat, t[i].lon));
}

static char *
case_subtitle (GwReferenceData *reference,
               GwCase          *kase)
{
  const GwCaseData *d = gw_case_get_data (kase);
  GwCategory *category = d->category ? gw_reference_data_lookup_category (reference, d->category) : NULL;
  const GwCategoryInfo *info = category ? gw_category_get_info (category) : NULL;
  g_autoptr(GDateTime) at = d->reported_at ? g_date_time_new_from_iso8601 (d->reported_at, NULL) : NULL;
  g_autoptr(GDateTime) local = at ? g_date_time_to_local (at) : NULL;
  g_autofree char *when = local ? g_date_time_format (local, "%Y-%m-%d") : g_strdup ("");
  const char *name = info ? (gw_ui_language_is_chinese (NULL) ? info->name : info->name_en) : "";

  /* Translators: where an earlier case was reported: its category and the day */
  return g_strdup_printf (_("Earlier case · %s · %s"), name, when);
}

static GtkWidget *
place_row (GwPlaceMatches *self,
           GwPlace        *place)
{
  GwReferenceData *reference = gw_session_get_reference_data (self->session);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  switch (place->kind)
    {
    case GW_PLACE_GRID:
      subtitle = place->detail ? g_strdup_printf (_("Grid in %s"), place->detail) : g_strdup (_("Grid"));
      break;
    case GW_PLACE_TARGET:
      /* Translators: an enterprise or site the town inspects, and its address */
      subtitle = g_strdup_printf (_("Enterprise · %s"), place->detail ? place->detail : "");
      break;
    case GW_PLACE_CASE:
    default:
      subtitle = case_subtitle (reference, place->kase);
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), place->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
show_found (GwPlaceMatches *self)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->list))); )
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < self->found->len; i++)
    gtk_list_box_append (self->list, place_row (self, g_ptr_array_index (self->found, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->found->len > 0);
}

static void
choose (GwPlaceMatches *self,
        guint           index)
{
  if (index < self->found->len)
    g_signal_emit (self, signals[PLACE_CHOSEN], 0, g_ptr_array_index (self->found, index));
}

static void
on_found (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GwPlaceMatches) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = gw_place_search_finish (GW_STORE (object), result, &error);

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot look for the place: %s", error->message);
      return;
    }
  g_clear_object (&self->search);
  g_ptr_array_unref (self->found);
  self->found = g_steal_pointer (&found);
  show_found (self);
  if (self->choose_pending)
    {
      self->choose_pending = FALSE;
      choose (self, 0);
    }
}

void
gw_place_matches_set_text (GwPlaceMatches *self,
                           const char     *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  g_return_if_fail (GW_IS_PLACE_MATCHES (self));

  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  self->choose_pending = FALSE;
  g_cancellable_cancel (self->search);
  g_clear_object (&self->search);
  if (*stripped == '\0')
    {
      g_ptr_array_set_size (self->found, 0);
      show_found (self);
      return;
    }
  self->search = g_cancellable_new ();
  gw_place_search_async (gw_session_get_reader (self->session), self->candidates, text, MAX_MATCHES,
                         self->search, on_found, g_object_ref (self));
}

gboolean
gw_place_matches_choose_first (GwPlaceMatches *self)
{
  g_return_val_if_fail (GW_IS_PLACE_MATCHES (self), FALSE);

  if (self->search != NULL)
    {
      self->choose_pending = TRUE;
      return TRUE;
    }
  if (self->found->len == 0)
    return FALSE;
  choose (self, 0);
  return TRUE;
}

static void
on_row_activated (GwPlaceMatches *self,
                  GtkListBoxRow  *row)
{
  choose (self, gtk_list_box_row_get_index (row));
}

static void
gw_place_matches_dispose (GObject *object)
{
  GwPlaceMatches *self = GW_PLACE_MATCHES (object);

  g_cancellable_cancel (self->search);
  g_clear_object (&self->search);
  g_clear_object (&self->session);
  g_clear_object (&self->list);
  G_OBJECT_CLASS (gw_place_matches_parent_class)->dispose (object);
}

static void
gw_place_matches_finalize (GObject *object)
{
  GwPlaceMatches *self = GW_PLACE_MATCHES (object);

  g_ptr_array_unref (self->candidates);
  g_ptr_array_unref (self->found);
  g_free (self->text);
  G_OBJECT_CLASS (gw_place_matches_parent_class)->finalize (object);
}

static void
gw_place_matches_class_init (GwPlaceMatchesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_place_matches_dispose;
  object_class->finalize = gw_place_matches_finalize;

  /* A GwPlace, owned by the matches until the next text. */
  signals[PLACE_CHOSEN] = g_signal_new ("place-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
gw_place_matches_init (GwPlaceMatches *self)
{
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_place_free);
  self->found = g_ptr_array_new_with_free_func ((GDestroyNotify) gw_place_free);
}

GwPlaceMatches *
gw_place_matches_new (GwSession        *session,
                      GwInspectionData *targets,
                      GtkListBox       *list)
{
  GwPlaceMatches *self = g_object_new (GW_TYPE_PLACE_MATCHES, NULL);

  self->session = g_object_ref (session);
  self->list = g_object_ref (list);
  add_grids (self, gw_session_get_reference_data (session));
  add_targets (self, targets);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (list), FALSE);
  return self;
}

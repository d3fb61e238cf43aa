/* gw-case-list-row.c: one case in the live case list
 *
 * Made once by the list's factory and shown a case at a time: the dot in
 * the status's colour, what and where, the status, and Accept while the
 * case waits for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-list-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-case-list-row.h"
#include "gw-case-symbols.h"

struct _GwCaseListRow
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkDrawingArea *dot;
  GtkLabel *title;
  GtkLabel *subtitle;
  GtkLabel *status;
  GtkWidget *accept;

  GwCase *kase;
};

G_DEFINE_FINAL_TYPE (GwCaseListRow, gw_case_list_row, GTK_TYPE_WIDGET)

static void
draw_dot (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  GwCaseListRow *self = user_data;
  GdkRGBA rgba;

  if (self->kase == NULL)
    return;
  gw_case_symbols_get_rgba (gw_case_get_status (self->kase), gw_case_get_data (self->kase)->urgent, &rgba);
  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill (cr);
}

static char *
short_time (const char *rfc3339)
{
  g_autoptr(GDateTime) time = rfc3339 ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (local == NULL)
    return g_strdup ("");
  if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now) &&
      g_date_time_get_year (local) == g_date_time_get_year (now))
    return g_date_time_format (local, "%H:%M");
  /* Translators: a short date and time in the case list, as strftime() formats it */
  return g_date_time_format (local, _("%m-%d %H:%M"));
}

/* @kase with the names of its category and grid, when known; Accept
 * shows when @can_act and the case waits for it. */
void
gw_case_list_row_show (GwCaseListRow *self,
                       GwCase        *kase,
                       const char    *category_name,
                       const char    *grid_name,
                       gboolean       can_act)
{
  const GwCaseData *d;
  g_autofree char *when = NULL, *title = NULL, *subtitle = NULL, *status = NULL;

  g_return_if_fail (GW_IS_CASE_LIST_ROW (self));
  g_return_if_fail (GW_IS_CASE (kase));

  g_set_object (&self->kase, kase);
  d = gw_case_get_data (kase);
  when = short_time (d->reported_at);
  title = g_strdup_printf ("%s%s", d->urgent ? _("[Urgent] ") : "", category_name ? category_name : d->description);
  subtitle = g_strdup_printf ("%s · %s · %s", d->id, grid_name ? grid_name : _("outside the grids"), when);
  status = g_strdup_printf ("%s%s", gw_case_status_label (d->status), gw_case_get_pending (kase) ? _(" (sending)") : "");
  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->subtitle, subtitle);
  gtk_label_set_text (self->status, status);
  gtk_widget_queue_draw (GTK_WIDGET (self->dot));
  /* Name and target together: a name without its target is an error. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->accept), "s", d->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->accept), "win.accept-case");
  gtk_widget_set_visible (self->accept, can_act && d->status == GW_CASE_STATUS_REPORTED && !gw_case_get_pending (kase));
}

GwCase *
gw_case_list_row_get_case (GwCaseListRow *self)
{
  g_return_val_if_fail (GW_IS_CASE_LIST_ROW (self), NULL);
  return self->kase;
}

static void
gw_case_list_row_dispose (GObject *object)
{
  GwCaseListRow *self = GW_CASE_LIST_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CASE_LIST_ROW);
  g_clear_object (&self->kase);

  G_OBJECT_CLASS (gw_case_list_row_parent_class)->dispose (object);
}

static void
gw_case_list_row_class_init (GwCaseListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_list_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-case-list-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, box);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, dot);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, title);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, status);
  gtk_widget_class_bind_template_child (widget_class, GwCaseListRow, accept);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gw_case_list_row_init (GwCaseListRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (self->dot, draw_dot, self, NULL);
}

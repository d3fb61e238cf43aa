/* gw-urgent-toasts.c: one toast for the urgent cases that keep arriving
 *
 * In a busy county an urgent case arrives every few seconds; a toast each
 * would stack up over the rows the dispatcher is working on. While a
 * toast is on the screen, the next urgent case joins it ("3 new urgent
 * cases") instead of queueing another; its button shows the latest one,
 * and the queue lists the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-urgent-toasts"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-urgent-toasts.h"

struct _GwUrgentToasts
{
  GObject parent_instance;

  GWeakRef overlay;
  AdwToast *shown;          /* the one on the screen, until dismissed */
  guint count;              /* urgent cases it speaks of */
};

G_DEFINE_FINAL_TYPE (GwUrgentToasts, gw_urgent_toasts, G_TYPE_OBJECT)

static void
on_dismissed (AdwToast       *toast,
              GwUrgentToasts *self)
{
  if (toast != self->shown)
    return;
  g_clear_object (&self->shown);
  self->count = 0;
}

static char *
title_for (guint       count,
           GwCase     *latest)
{
  const GwCaseData *d = gw_case_get_data (latest);
  const char *about = d->description && d->description[0] ? d->description : d->id;

  if (count == 1)
    /* Translators: a toast; the case's number, then what was reported */
    return g_strdup_printf (_("Urgent case %s: %s"), d->id, about);
  /* Translators: a toast that gathers the urgent cases that arrived while
   * it was shown; the number of them, then the latest's description */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new urgent case, the latest: %s",
                                       "%u new urgent cases, the latest: %s", count),
                          count, about);
}

void
gw_urgent_toasts_add (GwUrgentToasts *self,
                      GwCase         *kase)
{
  g_autoptr(AdwToastOverlay) overlay = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (GW_IS_URGENT_TOASTS (self));
  g_return_if_fail (GW_IS_CASE (kase));

  self->count++;
  title = title_for (self->count, kase);
  if (self->shown)
    {
      adw_toast_set_title (self->shown, title);
      adw_toast_set_action_target_value (self->shown, g_variant_new_string (gw_case_get_id (kase)));
      return;
    }
  if (!(overlay = g_weak_ref_get (&self->overlay)))
    {
      self->count = 0;
      return;
    }
  self->shown = g_object_ref_sink (adw_toast_new (title));
  adw_toast_set_priority (self->shown, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (self->shown, _("Show"));
  adw_toast_set_action_name (self->shown, "win.show-case");
  adw_toast_set_action_target_value (self->shown, g_variant_new_string (gw_case_get_id (kase)));
  g_signal_connect_object (self->shown, "dismissed", G_CALLBACK (on_dismissed), self, 0);
  adw_toast_overlay_add_toast (overlay, g_object_ref (self->shown));
}

guint
gw_urgent_toasts_get_count (GwUrgentToasts *self)
{
  g_return_val_if_fail (GW_IS_URGENT_TOASTS (self), 0);
  return self->count;
}

const char *
gw_urgent_toasts_get_title (GwUrgentToasts *self)
{
  g_return_val_if_fail (GW_IS_URGENT_TOASTS (self), NULL);
  return self->shown ? adw_toast_get_title (self->shown) : NULL;
}

static void
gw_urgent_toasts_dispose (GObject *object)
{
  GwUrgentToasts *self = GW_URGENT_TOASTS (object);

  if (self->shown)
    g_signal_handlers_disconnect_by_func (self->shown, on_dismissed, self);
  g_clear_object (&self->shown);
  g_weak_ref_set (&self->overlay, NULL);
  G_OBJECT_CLASS (gw_urgent_toasts_parent_class)->dispose (object);
}

static void
gw_urgent_toasts_finalize (GObject *object)
{
  g_weak_ref_clear (&GW_URGENT_TOASTS (object)->overlay);
  G_OBJECT_CLASS (gw_urgent_toasts_parent_class)->finalize (object);
}

static void
gw_urgent_toasts_class_init (GwUrgentToastsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gw_urgent_toasts_dispose;
  object_class->finalize = gw_urgent_toasts_finalize;
}

static void
gw_urgent_toasts_init (GwUrgentToasts *self)
{
  g_weak_ref_init (&self->overlay, NULL);
}

GwUrgentToasts *
gw_urgent_toasts_new (AdwToastOverlay *overlay)
{
  GwUrgentToasts *self;

  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (overlay), NULL);

  self = g_object_new (GW_TYPE_URGENT_TOASTS, NULL);
  g_weak_ref_set (&self->overlay, overlay);
  return self;
}

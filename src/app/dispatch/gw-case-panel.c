/* gw-case-panel.c: one case, everything about it, and what may be done now
 *
 * The panel is made once from its template; its rows are bound to the
 * case shown, so a new version of the case or another case changes
 * labels, not widgets. The actions offered are exactly those the shared
 * rules allow this user's role in the case's state: the dispatch button
 * first (disabled, saying why, where it cannot be done), the action the
 * case waits for next, and the others in a menu, so that nothing moves
 * after an action. Each is an action ("dispatch.act" with the case and
 * the action) so keys, the map's card and tests use the same path. The
 * timeline is the server's audit history, which the dispatch page fetches
 * and hands over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "gw-case-labels.h"
#include "gw-case-names.h"
#include "gw-case-panel.h"
#include "gw-case-photo.h"
#include "gw-desk-rules.h"
#include "gw-escalation-rules.h"
#include "gw-media.h"
#include "gw-ui-language.h"
#include "gw-whistle-list.h"

struct _GwCasePanel
{
  GtkWidget parent_instance;

  GtkWidget *scroller;
  GtkWidget *placeholder;
  GtkWidget *content;
  GtkWidget *actions;
  GtkButton *dispatch_button;
  GtkButton *primary_button;
  GtkMenuButton *more_button;
  GtkWidget *no_actions;
  GtkWidget *place_button;
  GtkWidget *photos_heading;
  GtkFlowBox *photos;
  GtkListBox *history;
  GtkWidget *history_failed;

  GtkStringList *history_lines;
  GMenu *more_menu;             /* the actions offered but the first */
  char **shown_media;

  GwCase *kase;
  char *category_name;
  char *grid_name;
  GwTownClient *client;
  GwStore *store;
  GwReferenceData *reference;   /* names departments and grids */
  gboolean role_known;
  char *user;
  GwRole role;
  GwWorkCalendar *calendar;     /* counts the return visit's working days */
  guint return_visit_days;
};

G_DEFINE_FINAL_TYPE (GwCasePanel, gw_case_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CASE,
  PROP_CATEGORY_NAME,
  PROP_GRID_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
local_time (const char *rfc3339)
{
  g_autoptr(GDateTime) time = rfc3339 ? g_date_time_new_from_iso8601 (rfc3339, NULL) : NULL;
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  /* Translators: a date and time, as strftime() formats it */
  return local ? g_date_time_format (local, _("%Y-%m-%d %H:%M")) : NULL;
}

/* ---- what the rows show, for the template's bindings ---- */

/* A row always shown says "—" for nothing. */
static char *
or_dash (const char *text)
{
  return g_strdup (text && *text ? text : "—");
}

static char *
take_or_dash (char *text)
{
  if (text && *text)
    return text;
  g_free (text);
  return g_strdup ("—");
}

static gboolean
has_text (gpointer    instance,
          const char *text)
{
  return text && *text;
}

static const GwCaseData *
data_of (GwCase *kase)
{
  return kase ? gw_case_get_data (kase) : NULL;
}

static char *
title_markup (gpointer    instance,
              GwCase     *kase,
              const char *category_name)
{
  const GwCaseData *d = data_of (kase);

  if (d == NULL)
    return NULL;
  return g_markup_printf_escaped ("<span size='large' weight='bold'>%s%s</span>", d->urgent ? _("[Urgent] ") : "",
                                  category_name ? category_name : (d->category ? d->category : d->id));
}

static char *
id_text (gpointer  instance,
         GwCase   *kase)
{
  return or_dash (kase ? gw_case_get_id (kase) : NULL);
}

static char *
state_text (gpointer  instance,
            GwCase   *kase)
{
  return or_dash (kase ? gw_case_status_label (gw_case_get_status (kase)) : NULL);
}

static char *
description_text (gpointer  instance,
                  GwCase   *kase)
{
  return or_dash (kase ? data_of (kase)->description : NULL);
}

static char *
grid_text (gpointer    instance,
           GwCase     *kase,
           const char *grid_name)
{
  return or_dash (grid_name ? grid_name : kase ? data_of (kase)->grid : NULL);
}

static char *
source_text (gpointer  instance,
             GwCase   *kase)
{
  return take_or_dash (kase ? gw_case_origin_label (data_of (kase)) : NULL);
}

/* Grid workers report from their phones, under their worker ids: shown by
 * name. Another reporter (a desk account, a feed) is shown as it came. */
static char *
reporter_text (GwCasePanel *self,
               GwCase      *kase)
{
  const char *reporter = kase ? data_of (kase)->reporter : NULL;
  GwWorker *worker = reporter && self->reference ? gw_reference_data_lookup_worker (self->reference, reporter) : NULL;

  return or_dash (worker ? gw_worker_get_name (worker) : reporter);
}

static char *
reported_text (gpointer  instance,
               GwCase   *kase)
{
  return take_or_dash (kase ? local_time (data_of (kase)->reported_at) : NULL);
}

static char *
deadline_text (gpointer  instance,
               GwCase   *kase)
{
  g_autofree char *deadline = kase ? local_time (data_of (kase)->deadline) : NULL;
  g_autofree char *left = NULL;

  if (deadline == NULL)
    return or_dash (NULL);
  left = gw_case_time_left_label (kase, g_get_real_time () / G_USEC_PER_SEC);
  return g_strdup_printf ("%s (%s)", deadline, left);
}

static char *
requested_text (gpointer  instance,
                GwCase   *kase)
{
  return kase ? local_time (data_of (kase)->requested_deadline) : NULL;
}

/* A department's name by its ID, or NULL. */
static char *
department_name (GwCasePanel *self,
                 const char  *id)
{
  GwDepartment *department = self->reference ? gw_reference_data_lookup_department (self->reference, id) : NULL;

  return department ? g_strdup (gw_department_get_display_name (department)) : NULL;
}

/* The department the category makes responsible, by name, and the ones
 * the territorial list has work with it (called in without a whistle). */
static char *
department_text (GwCasePanel *self,
                 GwCase      *kase)
{
  GwCategory *category;
  const GwCaseData *d = data_of (kase);
  const GwCategoryInfo *info;
  g_autoptr(GString) cooperating = g_string_new (NULL);
  g_autofree char *name = NULL;

  /* The template's bindings evaluate with the panel as their object. */
  g_return_val_if_fail (GW_IS_CASE_PANEL (self), NULL);
  /* A town that handles the category itself answers for it, not the
   * county department. */
  if (self->reference && d && gw_case_data_handling_town (d))
    {
      g_autofree char *assignee = g_strconcat ("town:", gw_case_data_handling_town (d), NULL);
      g_autofree char *town = gw_case_assignee_label (self->reference, assignee);

      /* Translators: %s is a town's name */
      return g_strdup_printf (_("%s (the town handles it itself)"), town);
    }
  if (self->reference == NULL || d == NULL ||
      !(category = gw_reference_data_lookup_category (self->reference, d->category)) ||
      !(info = gw_category_get_info (category))->department)
    return or_dash (NULL);
  name = department_name (self, info->department);
  for (guint i = 0; info->cooperating && info->cooperating[i]; i++)
    {
      g_autofree char *other = department_name (self, info->cooperating[i]);

      /* Translators: between the names of departments in a list */
      g_string_append_printf (cooperating, "%s%s", i ? _(", ") : "", other ? other : info->cooperating[i]);
    }
  if (cooperating->len == 0)
    return g_strdup (name ? name : info->department);
  /* Translators: the lead department, then the ones that work with it */
  return g_strdup_printf (_("%s (lead), with %s"), name ? name : info->department, cooperating->str);
}

/* Whom it was given to, by name. */
static char *
assignee_text (GwCasePanel *self,
               GwCase      *kase)
{
  g_return_val_if_fail (GW_IS_CASE_PANEL (self), NULL);
  return take_or_dash (kase ? gw_case_assignee_label (self->reference, data_of (kase)->assignee) : NULL);
}

static char *
note_text (gpointer  instance,
           GwCase   *kase)
{
  return or_dash (kase ? data_of (kase)->note : NULL);
}

static char *
counts_text (gpointer  instance,
             GwCase   *kase)
{
  const GwCaseData *d = data_of (kase);

  if (d == NULL || !(d->reworks || d->extensions || d->returns))
    return NULL;
  return g_strdup_printf (_("reworked %u, extended %u, returned %u"), d->reworks, d->extensions, d->returns);
}

static char *
duplicate_text (gpointer  instance,
                GwCase   *kase)
{
  return kase ? gw_case_duplicate_label (data_of (kase)) : NULL;
}

static char *
visit_text (gpointer  instance,
            GwCase   *kase)
{
  return kase ? gw_case_visit_label (data_of (kase)) : NULL;
}

/* ---- the current escalation: whom it calls, why, how it stands ---- */

static const GwEscalation *
escalation_of (GwCase *kase)
{
  return kase ? gw_case_data_get_escalation (data_of (kase)) : NULL;
}

static gboolean
has_escalation (gpointer  instance,
                GwCase   *kase)
{
  return escalation_of (kase) != NULL;
}

static char *
escalation_state_text (gpointer  instance,
                       GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  return or_dash (e ? gw_escalation_state_label (e->state) : NULL);
}

/* Whom an escalation calls, by name. */
static char *
called_text (GwCasePanel *self,
             GwCase      *kase)
{
  const GwEscalation *e = escalation_of (kase);
  GwGrid *grid;
  g_autofree char *name = NULL;

  g_return_val_if_fail (GW_IS_CASE_PANEL (self), NULL);
  if (e == NULL)
    return NULL;
  if (e->called == NULL)
    return g_strdup (gw_level_label (e->to_level));
  if (e->to_level == GW_LEVEL_COUNTY)
    name = department_name (self, e->called);
  else if (self->reference && (grid = gw_reference_data_lookup_grid (self->reference, e->called)))
    name = g_strdup (gw_grid_get_name (grid));
  return g_strdup_printf ("%s → %s", gw_level_label (e->to_level), name ? name : e->called);
}

static char *
item_text (gpointer  instance,
           GwCase   *kase)
{
  GwCasePanel *self = instance;
  const GwEscalation *e = escalation_of (kase);
  const GwWhistleItem *item = e && self->reference
                              ? gw_whistle_list_lookup (gw_reference_data_get_whistle_list (self->reference), e->item) : NULL;
  gboolean chinese = gw_ui_language_is_chinese (NULL);

  if (e == NULL)
    return NULL;
  return or_dash (item ? (chinese ? item->name : item->name_en) : e->item);
}

static char *
reason_text (gpointer  instance,
             GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  if (e == NULL)
    return NULL;
  if (g_strcmp0 (e->reason, GW_ESCALATION_REASON_OVERDUE) == 0)
    return g_strdup (_("Proposed by the server: overdue"));
  if (g_strcmp0 (e->reason, GW_ESCALATION_REASON_RETURNED) == 0)
    return g_strdup (_("Proposed by the server: returned twice"));
  return or_dash (e->reason);
}

static char *
due_text (gpointer  instance,
          GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  return e ? local_time (e->report_deadline) : NULL;
}

static char *
report_time_name (gpointer  instance,
                  GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  return g_strdup (e && gw_escalation_was_late (e) ? _("Reported late") : _("Reported on time"));
}

static char *
report_time_text (gpointer  instance,
                  GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  return e ? local_time (e->reported_at) : NULL;
}

static char *
report_text (gpointer  instance,
             GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  return e ? g_strdup (e->report_note) : NULL;
}

static char *
resolution_name (gpointer  instance,
                 GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  return g_strdup (e && e->state == GW_ESCALATION_DENIED ? _("Not approved because") : _("Resolution"));
}

static char *
resolution_text (gpointer  instance,
                 GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  return e ? g_strdup (e->resolution) : NULL;
}

static char *
rating_text (gpointer  instance,
             GwCase   *kase)
{
  const GwEscalation *e = escalation_of (kase);

  if (e == NULL || e->rating <= 0)
    return NULL;
  return g_strdup_printf ("%d / 5%s%s", e->rating, e->rating_comment ? " · " : "",
                          e->rating_comment ? e->rating_comment : "");
}

/* ---- what the template cannot bind: the actions and the photos ---- */

static GwRole
panel_role (GwCasePanel *self)
{
  return self->role_known ? self->role : GW_ROLE_LEADER;
}

static gboolean
is_offered (GwCasePanel *self,
            const char  *action)
{
  if (self->kase == NULL || !gw_case_rules_role_may (panel_role (self), action) ||
      !gw_case_rules_is_legal_now (self->kase, action))
    return FALSE;
  /* Only the called party reports, never the one who whistled. */
  if (g_str_equal (action, "report") &&
      !gw_escalation_rules_may_report (gw_case_data_get_escalation (gw_case_get_data (self->kase)), self->user))
    return FALSE;
  /* Extensions are decided only when one was asked for. */
  if ((g_str_equal (action, "approve_extension") || g_str_equal (action, "deny_extension")) &&
      gw_case_get_data (self->kase)->requested_deadline == NULL)
    return FALSE;
  if (g_str_equal (action, "return_visit"))
    {
      GwCaseContext context = { .calendar = self->calendar, .return_visit_days = self->return_visit_days };

      return gw_desk_rules_visit_is_open (gw_case_get_data (self->kase), &context);
    }
  return gw_desk_rules_may_offer (gw_case_get_data (self->kase), action);
}

/* A case without a trusted point is placed from here (issue 18), with
 * the place search and map of the New Case form (win.place-case). */
static void
update_place_button (GwCasePanel *self)
{
  const GwCaseData *d = self->kase ? gw_case_get_data (self->kase) : NULL;
  gboolean offered = d && d->location != GW_CASE_LOCATION_KNOWN && is_offered (self, "locate");

  if (offered)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->place_button), "s", d->id);
  gtk_widget_set_visible (self->place_button, offered);
}

/* What "a" does to the case shown: "dispatch" for a new case (accept,
 * file and assign in one), "assign" for one that may be given to someone
 * now, NULL when neither may be done (or the role may do neither). */
const char *
gw_case_panel_get_dispatch_action (GwCasePanel *self)
{
  g_return_val_if_fail (GW_IS_CASE_PANEL (self), NULL);

  if (self->kase && gw_case_get_status (self->kase) != GW_CASE_STATUS_FILED && is_offered (self, "dispatch"))
    return "dispatch";
  if (is_offered (self, "assign"))
    return "assign";
  return NULL;
}

/* The order in which an action is the one a case waits for: the first
 * offered is the primary button, the others are in the menu. */
static const char * const primary_order[] = {
  "verify", "close", "return_visit", "approve_extension", "approve_whistle", "report", "resolve_escalation",
  "rate", "start", "handle", "resume", "file", "accept",
};

/* The dispatch button stays where it is for those who dispatch: shown
 * in every state, disabled with the reason where it cannot be done. */
static void
update_dispatch_button (GwCasePanel *self)
{
  GtkWidget *button = GTK_WIDGET (self->dispatch_button);
  const char *action = gw_case_panel_get_dispatch_action (self);
  gboolean may = gw_case_rules_role_may (panel_role (self), "assign") ||
                 gw_case_rules_role_may (panel_role (self), "dispatch");
  gboolean fresh = self->kase && (gw_case_get_status (self->kase) == GW_CASE_STATUS_REPORTED ||
                                  gw_case_get_status (self->kase) == GW_CASE_STATUS_ACCEPTED);

  gtk_widget_set_visible (button, may && self->kase != NULL);
  gtk_button_set_label (self->dispatch_button, gw_case_action_label (fresh ? "dispatch" : "assign"));
  if (action)
    {
      /* The target first: a name without its target is a mismatch. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", gw_case_get_id (self->kase), action);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "dispatch.act");
      gtk_widget_set_tooltip_text (button, _("Choose whom to give the case to (a)"));
      gtk_widget_set_sensitive (button, TRUE);
    }
  else if (self->kase)
    {
      g_autofree char *why = gw_case_refusal_text ("illegal_action", self->kase, fresh ? "dispatch" : "assign");

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
      gtk_widget_set_tooltip_text (button, why);
      gtk_widget_set_sensitive (button, FALSE);
    }
  if (action)
    gtk_widget_add_css_class (button, "suggested-action");
  else
    gtk_widget_remove_css_class (button, "suggested-action");
}

/* Every action this user may take now, in the rules' order; the
 * server's own (proposing a whistle, marking a report overdue) are not
 * offered, nor those the dispatch button stands for, nor "locate",
 * which Place… beside the case's source offers. */
static GPtrArray *
offered_actions (GwCasePanel *self)
{
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  g_auto(GStrv) actions = NULL;
  GPtrArray *offered = g_ptr_array_new ();

  g_strv_builder_addv (all, (const char **) gw_case_rules_list_actions ());
  g_strv_builder_addv (all, (const char **) gw_escalation_rules_list_actions ());
  actions = g_strv_builder_end (all);
  for (guint i = 0; actions[i]; i++)
    {
      const char *action = g_intern_string (actions[i]);

      if (g_str_equal (action, "propose_whistle") || g_str_equal (action, "mark_report_overdue") ||
          g_str_equal (action, "dispatch") || g_str_equal (action, "assign") || g_str_equal (action, "locate") ||
          g_ptr_array_find (offered, action, NULL) || !is_offered (self, action))
        continue;
      g_ptr_array_add (offered, (gpointer) action);
    }
  return offered;
}

/* The buttons stay, in the same places; only their labels, targets and
 * the menu's items change with the case. */
static void
update_actions (GwCasePanel *self)
{
  g_autoptr(GPtrArray) offered = offered_actions (self);
  const char *primary = NULL;
  gboolean any;

  for (guint i = 0; i < G_N_ELEMENTS (primary_order) && primary == NULL; i++)
    if (g_ptr_array_find (offered, g_intern_static_string (primary_order[i]), NULL))
      primary = g_intern_static_string (primary_order[i]);

  update_dispatch_button (self);
  gtk_widget_set_visible (GTK_WIDGET (self->primary_button), primary != NULL);
  if (primary)
    {
      gtk_button_set_label (self->primary_button, gw_case_action_label (primary));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->primary_button), "(ss)",
                                        gw_case_get_id (self->kase), primary);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "dispatch.act");
      if (gw_case_panel_get_dispatch_action (self) == NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self->primary_button), "suggested-action");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->primary_button), "suggested-action");
    }

  g_menu_remove_all (self->more_menu);
  for (guint i = 0; i < offered->len; i++)
    {
      const char *action = g_ptr_array_index (offered, i);
      g_autoptr(GMenuItem) item = NULL;

      if (action == primary)
        continue;
      item = g_menu_item_new (gw_case_action_label (action), NULL);
      g_menu_item_set_action_and_target (item, "dispatch.act", "(ss)", gw_case_get_id (self->kase), action);
      g_menu_append_item (self->more_menu, item);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->more_button), g_menu_model_get_n_items (G_MENU_MODEL (self->more_menu)) > 0);

  any = offered->len > 0 || gw_case_panel_get_dispatch_action (self) != NULL;
  gtk_widget_set_visible (self->actions, any || gtk_widget_get_visible (GTK_WIDGET (self->dispatch_button)));
  gtk_widget_set_visible (self->no_actions, !any);
}

/* The town server's photos as pictures that load in the background;
 * anything else as a link, never fetched. Made again only when the
 * photos change. */
static void
update_photos (GwCasePanel *self)
{
  const GwCaseData *d = data_of (self->kase);
  char **media = d && d->media && d->media[0] ? d->media : NULL;

  if (media == self->shown_media || (media && self->shown_media && g_strv_equal ((const char * const *) media,
                                                                                  (const char * const *) self->shown_media)))
    return;
  g_clear_pointer (&self->shown_media, g_strfreev);
  self->shown_media = g_strdupv (media);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->photos))); )
    gtk_flow_box_remove (self->photos, child);
  gtk_widget_set_visible (self->photos_heading, media != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->photos), media != NULL);
  for (guint i = 0; media && media[i]; i++)
    {
      if (self->store && gw_media_id_from_url (media[i]))
        gtk_flow_box_append (self->photos, gw_case_photo_new (self->client, self->store, media[i]));
      else
        {
          g_autofree char *markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", media[i], media[i]);
          GtkWidget *link = gtk_label_new (NULL);

          gtk_label_set_markup (GTK_LABEL (link), markup);
          gtk_label_set_ellipsize (GTK_LABEL (link), PANGO_ELLIPSIZE_MIDDLE);
          gtk_flow_box_append (self->photos, link);
        }
    }
}

static GtkWidget *
history_row (gpointer item,
             gpointer user_data)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (gtk_string_object_get_string (item));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* A line of the record, not something to click. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  return row;
}

/* ---- the widget ---- */

static void
gw_case_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GwCasePanel *self = GW_CASE_PANEL (object);

  switch (prop_id)
    {
    case PROP_CASE:
      g_value_set_object (value, self->kase);
      break;
    case PROP_CATEGORY_NAME:
      g_value_set_string (value, self->category_name);
      break;
    case PROP_GRID_NAME:
      g_value_set_string (value, self->grid_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gw_case_panel_dispose (GObject *object)
{
  GwCasePanel *self = (GwCasePanel *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), GW_TYPE_CASE_PANEL);
  g_clear_object (&self->history_lines);
  g_clear_object (&self->more_menu);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->shown_media, g_strfreev);
  g_clear_object (&self->kase);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->category_name, g_free);
  g_clear_pointer (&self->grid_name, g_free);
  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->reference);

  G_OBJECT_CLASS (gw_case_panel_parent_class)->dispose (object);
}

static void
gw_case_panel_class_init (GwCasePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gw_case_panel_dispose;
  object_class->get_property = gw_case_panel_get_property;

  /* Set together by gw_case_panel_set_case(); the rows bind to them. */
  properties[PROP_CASE] =
    g_param_spec_object ("case", NULL, NULL, GW_TYPE_CASE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY_NAME] =
    g_param_spec_string ("category-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRID_NAME] =
    g_param_spec_string ("grid-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/gridwatch/Gridwatch/gw-case-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, placeholder);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, content);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, actions);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, dispatch_button);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, primary_button);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, more_button);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, no_actions);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, place_button);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, photos_heading);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, photos);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, history);
  gtk_widget_class_bind_template_child (widget_class, GwCasePanel, history_failed);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
  gtk_widget_class_bind_template_callback (widget_class, title_markup);
  gtk_widget_class_bind_template_callback (widget_class, id_text);
  gtk_widget_class_bind_template_callback (widget_class, state_text);
  gtk_widget_class_bind_template_callback (widget_class, description_text);
  gtk_widget_class_bind_template_callback (widget_class, grid_text);
  gtk_widget_class_bind_template_callback (widget_class, source_text);
  gtk_widget_class_bind_template_callback (widget_class, reporter_text);
  gtk_widget_class_bind_template_callback (widget_class, reported_text);
  gtk_widget_class_bind_template_callback (widget_class, deadline_text);
  gtk_widget_class_bind_template_callback (widget_class, requested_text);
  gtk_widget_class_bind_template_callback (widget_class, department_text);
  gtk_widget_class_bind_template_callback (widget_class, assignee_text);
  gtk_widget_class_bind_template_callback (widget_class, note_text);
  gtk_widget_class_bind_template_callback (widget_class, counts_text);
  gtk_widget_class_bind_template_callback (widget_class, duplicate_text);
  gtk_widget_class_bind_template_callback (widget_class, visit_text);
  gtk_widget_class_bind_template_callback (widget_class, has_escalation);
  gtk_widget_class_bind_template_callback (widget_class, escalation_state_text);
  gtk_widget_class_bind_template_callback (widget_class, called_text);
  gtk_widget_class_bind_template_callback (widget_class, item_text);
  gtk_widget_class_bind_template_callback (widget_class, reason_text);
  gtk_widget_class_bind_template_callback (widget_class, due_text);
  gtk_widget_class_bind_template_callback (widget_class, report_time_name);
  gtk_widget_class_bind_template_callback (widget_class, report_time_text);
  gtk_widget_class_bind_template_callback (widget_class, report_text);
  gtk_widget_class_bind_template_callback (widget_class, resolution_name);
  gtk_widget_class_bind_template_callback (widget_class, resolution_text);
  gtk_widget_class_bind_template_callback (widget_class, rating_text);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "gw-case-panel");
}

static void
gw_case_panel_init (GwCasePanel *self)
{
  self->history_lines = gtk_string_list_new (NULL);
  self->more_menu = g_menu_new ();
  self->calendar = gw_work_calendar_new_china ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->history, G_LIST_MODEL (self->history_lines), history_row, NULL, NULL);
  gtk_menu_button_set_menu_model (self->more_button, G_MENU_MODEL (self->more_menu));
}

static gboolean
set_name (char       **name,
          const char  *value)
{
  if (g_strcmp0 (*name, value) == 0)
    return FALSE;
  g_free (*name);
  *name = g_strdup (value);
  return TRUE;
}

/* Shows @kase (a new version of the case shown, or another case) in the
 * same widgets. The names are the category's and the grid's, when known. */
void
gw_case_panel_set_case (GwCasePanel *self,
                        GwCase      *kase,
                        const char  *category_name,
                        const char  *grid_name)
{
  gboolean other;

  g_return_if_fail (GW_IS_CASE_PANEL (self));

  other = kase == NULL || self->kase == NULL || g_strcmp0 (gw_case_get_id (kase), gw_case_get_id (self->kase)) != 0;
  g_object_freeze_notify (G_OBJECT (self));
  if (set_name (&self->category_name, category_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY_NAME]);
  if (set_name (&self->grid_name, grid_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRID_NAME]);
  /* Every version is another object: the rows follow it even when the
   * pointer is the same one changed by a pending action. */
  g_set_object (&self->kase, kase);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE]);
  g_object_thaw_notify (G_OBJECT (self));

  /* Another case's history is not this one's: gone until it comes. */
  if (other)
    {
      gw_case_panel_set_history (self, NULL, FALSE);
      /* Another case is read from its top. */
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
    }
  gtk_widget_set_visible (self->placeholder, kase == NULL);
  gtk_widget_set_visible (self->content, kase != NULL);
  update_actions (self);
  update_place_button (self);
  update_photos (self);
}

GwCase *
gw_case_panel_get_case (GwCasePanel *self)
{
  g_return_val_if_fail (GW_IS_CASE_PANEL (self), NULL);
  return self->kase;
}

void
gw_case_panel_set_role (GwCasePanel *self,
                        gboolean     known,
                        GwRole       role,
                        const char  *user)
{
  g_return_if_fail (GW_IS_CASE_PANEL (self));

  self->role_known = known;
  self->role = role;
  g_free (self->user);
  self->user = g_strdup (user);
  update_actions (self);
  update_place_button (self);
}

/* The working days after closing in which the resident may be called
 * back, as the server allows. */
void
gw_case_panel_set_return_visit_days (GwCasePanel *self,
                                     guint        days)
{
  g_return_if_fail (GW_IS_CASE_PANEL (self));
  self->return_visit_days = days;
  update_actions (self);
}

/* The client and the store load the photos. */
void
gw_case_panel_set_client (GwCasePanel  *self,
                          GwTownClient *client,
                          GwStore      *store)
{
  g_return_if_fail (GW_IS_CASE_PANEL (self));
  g_set_object (&self->client, client);
  g_set_object (&self->store, store);
}

/* What names departments and grids. */
void
gw_case_panel_set_reference_data (GwCasePanel     *self,
                                  GwReferenceData *reference)
{
  g_return_if_fail (GW_IS_CASE_PANEL (self));
  g_set_object (&self->reference, reference);
}

/* The case's history (GwCaseHistoryEntry), oldest first; %NULL with
 * @failed when it could not be fetched, %NULL alone while it is. */
void
gw_case_panel_set_history (GwCasePanel *self,
                           GPtrArray   *entries,
                           gboolean     failed)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;

  g_return_if_fail (GW_IS_CASE_PANEL (self));

  for (guint i = 0; entries && i < entries->len; i++)
    {
      GwCaseHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *when = local_time (entry->at);
      g_autofree char *name = gw_case_action_name (entry->action ? entry->action : "");
      g_autofree char *actor = gw_case_actor_label (self->reference, entry->user, entry->user_name);
      g_autofree char *line = NULL;

      line = g_strdup_printf ("%s  %s · %s", when ? when : "", name, actor);
      g_strv_builder_add (builder, line);
    }
  lines = g_strv_builder_end (builder);
  gtk_string_list_splice (self->history_lines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->history_lines)),
                          (const char * const *) lines);
  gtk_widget_set_visible (GTK_WIDGET (self->history), entries && entries->len > 0);
  gtk_widget_set_visible (self->history_failed, failed);
}

guint
gw_case_panel_get_n_history (GwCasePanel *self)
{
  g_return_val_if_fail (GW_IS_CASE_PANEL (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->history_lines));
}

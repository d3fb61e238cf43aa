/* gw-desk-dialogs.c: what the desk's own actions ask before they are sent
 *
 * Correcting the category, marking a duplicate and taking the mark back,
 * and the return visit each need a few answers; each dialog gathers them
 * and hands them to "dispatch.perform" on the page, the one path every
 * action takes through the outbox. Nothing is sent from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-desk-dialogs"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "gw-case-labels.h"
#include "gw-category.h"
#include "gw-desk-dialogs.h"
#include "gw-geo.h"
#include "gw-ui-language.h"

typedef struct
{
  GtkWidget *page;
  char *case_id;
  char *action;
  GtkEditable *reason;        /* reason or note */
  GtkListBox *choices;        /* categories or originals: the row's name is the value */
  GtkDropDown *result;
  GtkCheckButton *keep_closed;
} Ask;

static void
ask_free (Ask *ask)
{
  g_object_unref (ask->page);
  g_free (ask->case_id);
  g_free (ask->action);
  g_free (ask);
}

static const char * const visit_results[] = { "satisfied", "basically_satisfied", "unsatisfied" };

static const char *
chosen (Ask *ask)
{
  GtkListBoxRow *row = ask->choices ? gtk_list_box_get_selected_row (ask->choices) : NULL;

  return row ? gtk_widget_get_name (GTK_WIDGET (row)) : NULL;
}

/* The answers as the action's params; NULL while one is missing. */
static JsonObject *
params_of (Ask *ask)
{
  g_autoptr(JsonObject) params = json_object_new ();
  const char *text = ask->reason ? gtk_editable_get_text (ask->reason) : "";
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean has_text = stripped[0] != '\0';

  if (g_str_equal (ask->action, "recategorise") || g_str_equal (ask->action, "mark_duplicate"))
    {
      if (chosen (ask) == NULL)
        return NULL;
      json_object_set_string_member (params, g_str_equal (ask->action, "mark_duplicate") ? "of" : "category",
                                     chosen (ask));
    }
  if (g_str_equal (ask->action, "return_visit"))
    {
      guint result = gtk_drop_down_get_selected (ask->result);

      json_object_set_string_member (params, "result", visit_results[MIN (result, G_N_ELEMENTS (visit_results) - 1)]);
      if (ask->keep_closed && gtk_check_button_get_active (ask->keep_closed))
        {
          if (!has_text)
            return NULL;
          json_object_set_string_member (params, "keep_closed", text);
        }
      else if (has_text)
        json_object_set_string_member (params, "note", text);
    }
  else if (!g_str_equal (ask->action, "mark_duplicate"))
    {
      if (!has_text)
        return NULL;
      json_object_set_string_member (params, "reason", text);
    }
  return g_steal_pointer (&params);
}

static void
update_apply (Ask *ask)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (GTK_WIDGET (ask->reason ? GTK_WIDGET (ask->reason)
                                                                      : GTK_WIDGET (ask->choices)),
                                               ADW_TYPE_MESSAGE_DIALOG);
  g_autoptr(JsonObject) params = params_of (ask);

  if (dialog)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply", params != NULL);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             Ask              *ask)
{
  g_autoptr(JsonObject) params = g_str_equal (response, "apply") ? params_of (ask) : NULL;

  if (params)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *json = NULL;

      json_node_set_object (node, params);
      json = json_to_string (node, FALSE);
      gtk_widget_activate_action (ask->page, "dispatch.perform", "(sss)", ask->case_id, ask->action, json);
    }
  ask_free (ask);
}

static GtkWidget *
new_dialog (Ask        *ask,
            const char *question,
            GtkWidget  *body)
{
  g_autofree char *heading = gw_case_action_name (ask->action);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (ask->page)), heading, question);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "apply", _("_Apply"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), ask);
  update_apply (ask);
  return dialog;
}

static Ask *
ask_new (GtkWidget  *page,
         GwCase     *kase,
         const char *action)
{
  Ask *ask = g_new0 (Ask, 1);

  ask->page = g_object_ref (page);
  ask->case_id = g_strdup (gw_case_get_id (kase));
  ask->action = g_strdup (action);
  return ask;
}

static GtkWidget *
add_reason (Ask        *ask,
            GtkBox     *box,
            const char *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 2000);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_box_append (box, entry);
  ask->reason = GTK_EDITABLE (entry);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_apply), ask);
  return entry;
}

static GtkWidget *
add_choices (Ask    *ask,
             GtkBox *box)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 220);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (box, scroller);
  ask->choices = GTK_LIST_BOX (list);
  g_signal_connect_swapped (list, "selected-rows-changed", G_CALLBACK (update_apply), ask);
  return list;
}

/* A row whose widget name is the value it stands for. */
static GtkWidget *
choice_row (const char *value,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, value);
  return row;
}

/* ---- the category, typed or picked ---- */

static gboolean
category_matches (GtkListBoxRow *row,
                  gpointer       user_data)
{
  Ask *ask = user_data;
  g_autofree char *typed = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (ask->choices),
                                                                                                     "search"))), -1);
  const char *haystack = g_object_get_data (G_OBJECT (row), "haystack");

  return typed[0] == '\0' || (haystack && strstr (haystack, typed));
}

static void
on_category_search (GtkSearchEntry *entry,
                    Ask            *ask)
{
  gtk_list_box_invalidate_filter (ask->choices);
}

/* The code or any part of either name finds a category; the first shown
 * is taken with Enter. */
static void
on_category_activate (GtkSearchEntry *entry,
                      Ask            *ask)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (ask->choices)); row; row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_child_visible (row))
      {
        gtk_list_box_select_row (ask->choices, GTK_LIST_BOX_ROW (row));
        gtk_widget_grab_focus (GTK_WIDGET (ask->reason));
        return;
      }
}

void
gw_desk_dialog_recategorise (GtkWidget *page,
                             GwCase    *kase,
                             GPtrArray *categories)
{
  Ask *ask = ask_new (page, kase, "recategorise");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *search = gtk_search_entry_new ();
  GtkWidget *list;
  gboolean chinese = gw_ui_language_is_chinese (NULL);

  g_object_set (search, "placeholder-text", _("Type a code or part of a name"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (search), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Category"), -1);
  gtk_box_append (GTK_BOX (box), search);
  list = add_choices (ask, GTK_BOX (box));
  g_object_set_data (G_OBJECT (list), "search", search);
  for (guint i = 0; categories && i < categories->len; i++)
    {
      const GwCategoryInfo *info = gw_category_get_info (g_ptr_array_index (categories, i));
      const char *name = chinese || !info->name_en ? info->name : info->name_en;
      g_autofree char *title = g_strdup_printf ("%s %s", info->code, name ? name : "");
      g_autofree char *all = g_strdup_printf ("%s %s %s", info->code, info->name ? info->name : "",
                                              info->name_en ? info->name_en : "");
      GtkWidget *row;

      if (g_strcmp0 (info->code, gw_case_get_data (kase)->category) == 0)
        continue;
      row = choice_row (info->code, title, NULL);
      g_object_set_data_full (G_OBJECT (row), "haystack", g_utf8_casefold (all, -1), g_free);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), category_matches, ask, NULL);
  g_signal_connect (search, "search-changed", G_CALLBACK (on_category_search), ask);
  g_signal_connect (search, "activate", G_CALLBACK (on_category_activate), ask);
  add_reason (ask, GTK_BOX (box), _("Why the category was wrong"));
  gtk_window_present (GTK_WINDOW (new_dialog (ask, _("The deadline is counted again from the report with the new "
                                                     "category's time limit."), box)));
}

/* ---- the original of a duplicate ---- */

void
gw_desk_dialog_mark_duplicate (GtkWidget       *page,
                               GwCase          *kase,
                               GwCaseModel     *model,
                               GwReferenceData *reference)
{
  Ask *ask = ask_new (page, kase, "mark_duplicate");
  const GwCaseData *d = gw_case_get_data (kase);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *list = add_choices (ask, GTK_BOX (box));
  gint64 reported = gw_case_get_reported_unix (kase);
  guint n = 0;

  for (guint i = 0; d->possible_duplicates && d->possible_duplicates[i]; i++)
    {
      GwCase *other = gw_case_model_lookup (model, d->possible_duplicates[i], NULL);
      const GwCaseData *o = other ? gw_case_get_data (other) : NULL;
      const char *name = o ? gw_reference_data_get_category_name (reference, o->category) : NULL;
      g_autofree char *title = NULL;
      g_autofree char *age = NULL;
      g_autofree char *subtitle = NULL;

      if (other == NULL || o->duplicate_of || !gw_case_status_is_open (o->status))
        continue;
      title = g_strdup_printf ("%s · %s", name ? name : (o->category ? o->category : ""), o->id);
      age = gw_span_label (reported - gw_case_get_reported_unix (other));
      /* Translators: how far the earlier case is, how much earlier it
       * came, and what it says, e.g. "20 m · 3 h 05 min earlier · …" */
      subtitle = g_strdup_printf (_("%.0f m · %s earlier · %s"), gw_distance_meters (d->lon, d->lat, o->lon, o->lat),
                                  age, o->description ? o->description : "");
      gtk_list_box_append (GTK_LIST_BOX (list), choice_row (o->id, title, subtitle));
      n++;
    }
  if (n == 0)
    gtk_list_box_set_placeholder (GTK_LIST_BOX (list),
                                  gtk_label_new (_("No open case of this kind was reported nearby before this one.")));
  else
    gtk_list_box_select_row (GTK_LIST_BOX (list), gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  gtk_window_present (GTK_WINDOW (new_dialog (ask, _("Which case does this one repeat? It is closed as its duplicate."),
                                              box)));
}

void
gw_desk_dialog_unmark_duplicate (GtkWidget *page,
                                 GwCase    *kase)
{
  Ask *ask = ask_new (page, kase, "unmark_duplicate");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  add_reason (ask, GTK_BOX (box), _("Why it is not a duplicate"));
  gtk_window_present (GTK_WINDOW (new_dialog (ask, _("The case goes back to the state it was in."), box)));
}

/* ---- the resident's verdict ---- */

static void
on_visit_changed (Ask *ask)
{
  gboolean unsatisfied = gtk_drop_down_get_selected (ask->result) == 2;
  gboolean keep = ask->keep_closed && gtk_check_button_get_active (ask->keep_closed);

  if (ask->keep_closed)
    gtk_widget_set_sensitive (GTK_WIDGET (ask->keep_closed), unsatisfied);
  if (ask->keep_closed && !unsatisfied)
    gtk_check_button_set_active (ask->keep_closed, FALSE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (ask->reason), keep ? _("Why it stays closed (required)")
                                                                : _("What the resident said (optional)"));
  update_apply (ask);
}

void
gw_desk_dialog_return_visit (GtkWidget *page,
                             GwCase    *kase,
                             gboolean   may_keep_closed)
{
  Ask *ask = ask_new (page, kase, "return_visit");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const char *results[] = { C_("visit result", "Satisfied"), C_("visit result", "Basically satisfied"),
                            C_("visit result", "Unsatisfied"), NULL };
  GtkWidget *result = gtk_drop_down_new_from_strings (results);

  gtk_accessible_update_property (GTK_ACCESSIBLE (result), GTK_ACCESSIBLE_PROPERTY_LABEL, _("The resident's verdict"), -1);
  gtk_box_append (GTK_BOX (box), result);
  ask->result = GTK_DROP_DOWN (result);
  if (may_keep_closed)
    {
      GtkWidget *keep = gtk_check_button_new_with_mnemonic (_("_Keep it closed all the same"));

      gtk_box_append (GTK_BOX (box), keep);
      ask->keep_closed = GTK_CHECK_BUTTON (keep);
      g_signal_connect_swapped (keep, "toggled", G_CALLBACK (on_visit_changed), ask);
    }
  add_reason (ask, GTK_BOX (box), _("What the resident said (optional)"));
  g_signal_connect_swapped (result, "notify::selected", G_CALLBACK (on_visit_changed), ask);
  on_visit_changed (ask);
  gtk_window_present (GTK_WINDOW (new_dialog (ask, _("How did the resident judge the result? “Unsatisfied” reopens the "
                                                     "case for rework."), box)));
}

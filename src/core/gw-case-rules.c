/* gw-case-rules.c: who may do what to a case, and what it does
 *
 * One table serves the town server, which enforces it, and the app, which
 * applies an action optimistically and offers only the legal ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-case-rules"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gw-case-rules.h"
#include "gw-json.h"

G_DEFINE_QUARK (gw-case-rules-error-quark, gw_case_rules_error)

#define ROLE(r) (1u << GW_ROLE_##r)
#define FROM(s) (1u << GW_CASE_STATUS_##s)
#define ANY_STATUS ((1u << GW_CASE_N_STATUSES) - 1)
#define KEEP_STATUS (-1)
#define MAX_COMMENT 2000

typedef gboolean (*ApplyParams) (GwCaseData *data, JsonObject *params, GError **error);

typedef struct
{
  const char *name;
  guint roles;
  guint from;
  int to;
  ApplyParams apply;
} Rule;

static const char * const role_names[GW_N_ROLES] = { "dispatcher", "leader", "planner", "worker", "admin" };

const char *
gw_role_to_string (GwRole role)
{
  g_return_val_if_fail (role < GW_N_ROLES, "leader");
  return role_names[role];
}

gboolean
gw_role_from_string (const char *name,
                     GwRole     *role)
{
  for (guint i = 0; name && i < GW_N_ROLES; i++)
    if (g_str_equal (name, role_names[i]))
      {
        *role = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
apply_assign (GwCaseData  *data,
              JsonObject  *params,
              GError     **error)
{
  const char *assignee = gw_json_object_get_string (params, "assignee");

  if (assignee == NULL ||
      !(g_str_has_prefix (assignee, "worker:") || g_str_has_prefix (assignee, "department:")) ||
      strchr (assignee, ':')[1] == '\0')
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS,
                   _("“assign” needs an assignee such as worker:ID or department:ID"));
      return FALSE;
    }

  g_free (data->assignee);
  data->assignee = g_strdup (assignee);
  return TRUE;
}

static gboolean
apply_comment (GwCaseData  *data,
               JsonObject  *params,
               GError     **error)
{
  const char *text = gw_json_object_get_string (params, "text");

  if (text == NULL || *text == '\0' || g_utf8_strlen (text, -1) > MAX_COMMENT || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_INVALID_PARAMS,
                   _("“comment” needs a text of 1 to %d characters"), MAX_COMMENT);
      return FALSE;
    }
  return TRUE;
}

static const Rule rules[] = {
  { "accept", ROLE (DISPATCHER) | ROLE (ADMIN), FROM (REPORTED), GW_CASE_STATUS_ACCEPTED, NULL },
  { "assign", ROLE (DISPATCHER) | ROLE (ADMIN),
    FROM (ACCEPTED) | FROM (FILED) | FROM (DISPATCHED) | FROM (RETURNED), GW_CASE_STATUS_DISPATCHED, apply_assign },
  /* The worker in the field; the full lifecycle comes with dispatch. */
  { "start", ROLE (WORKER) | ROLE (ADMIN), FROM (DISPATCHED), GW_CASE_STATUS_IN_PROGRESS, NULL },
  { "handle", ROLE (WORKER) | ROLE (ADMIN), FROM (IN_PROGRESS), GW_CASE_STATUS_HANDLED, NULL },
  { "comment", ROLE (DISPATCHER) | ROLE (PLANNER) | ROLE (WORKER) | ROLE (ADMIN), ANY_STATUS, KEEP_STATUS, apply_comment },
};

static const Rule *
find_rule (const char *action)
{
  for (guint i = 0; action && i < G_N_ELEMENTS (rules); i++)
    if (g_str_equal (rules[i].name, action))
      return &rules[i];
  return NULL;
}

gboolean
gw_case_rules_role_may (GwRole      role,
                        const char *action)
{
  const Rule *rule = find_rule (action);

  /* Reporting a case is not an action on one, but it is a write too. */
  if (g_strcmp0 (action, "create") == 0)
    return role == GW_ROLE_DISPATCHER || role == GW_ROLE_WORKER || role == GW_ROLE_ADMIN;

  return rule != NULL && (rule->roles & (1u << role)) != 0;
}

gboolean
gw_case_rules_is_legal (GwCaseStatus  status,
                        const char   *action)
{
  const Rule *rule = find_rule (action);

  return rule != NULL && (rule->from & (1u << status)) != 0;
}

GwCase *
gw_case_rules_apply (GwCase      *current,
                     GwRole       role,
                     const char  *action,
                     JsonObject  *params,
                     GError     **error)
{
  g_auto(GwCaseData) data = { 0 };
  const Rule *rule = find_rule (action);

  g_return_val_if_fail (GW_IS_CASE (current), NULL);

  if (rule == NULL)
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_UNKNOWN_ACTION,
                   _("There is no action “%s”"), action ? action : "");
      return NULL;
    }
  if (!gw_case_rules_role_may (role, action))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_FORBIDDEN,
                   _("A %s may not %s a case"), gw_role_to_string (role), action);
      return NULL;
    }
  if (!gw_case_rules_is_legal (gw_case_get_status (current), action))
    {
      g_set_error (error, GW_CASE_RULES_ERROR, GW_CASE_RULES_ERROR_ILLEGAL,
                   _("Case %s is %s; “%s” is not possible now"), gw_case_get_id (current),
                   gw_case_status_to_string (gw_case_get_status (current)), action);
      return NULL;
    }

  gw_case_data_copy (gw_case_get_data (current), &data);
  if (rule->apply && !rule->apply (&data, params, error))
    return NULL;
  if (rule->to != KEEP_STATUS)
    data.status = rule->to;

  return gw_case_new (&data);
}

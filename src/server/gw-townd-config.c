/* gw-townd-config.c: options from a key file, so no secret sits on a command line
 *
 * `--config FILE` names a key file whose [townd] group holds long option
 * names as keys:
 *
 *   [townd]
 *   db=/var/lib/gridwatch/town.db
 *   listen=0.0.0.0:8390
 *   demo=false
 *   calendar=/etc/gridwatch/cn-2026.json;/etc/gridwatch/local.json
 *
 * Each key becomes `--key=value` before the real arguments, so the command
 * line wins for single values (repeated ones add up). The keys are looked
 * up in the option table itself: an option added to it works from the
 * file too, with nothing to change here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gridwatch-townd"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "gw-townd-config.h"

#define GROUP "townd"
#define MAX_FILE_SIZE (1024 * 1024)

/* The value of the last --config in @argv, up to a "--". */
static const char *
find_config (char **argv)
{
  const char *path = NULL;

  for (guint i = 1; argv[i] && strcmp (argv[i], "--") != 0; i++)
    {
      if (strcmp (argv[i], "--config") == 0 && argv[i + 1])
        path = argv[++i];
      else if (g_str_has_prefix (argv[i], "--config="))
        path = argv[i] + strlen ("--config=");
    }
  return path;
}

static const GOptionEntry *
find_entry (const GOptionEntry *entries,
            const char         *name)
{
  for (; entries->long_name; entries++)
    if (strcmp (entries->long_name, name) == 0)
      return entries;
  return NULL;
}

/* A key whose value is itself a secret, by its name: "admin-token",
 * "key-password". (tls-key names a file; the file is the secret.) */
static gboolean
is_secret (const char *key)
{
  static const char * const endings[] = { "token", "password", "passphrase", "secret" };

  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    if (g_str_has_suffix (key, endings[i]))
      return TRUE;
  return FALSE;
}

/* Anyone who can change the file can point the server at another
 * database or certificate; anyone who can read it, at its secrets. */
static gboolean
check_file (const char  *path,
            GKeyFile    *file,
            GError     **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (file, GROUP, NULL, NULL);
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (st.st_mode & S_IWOTH)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                   _("%s can be changed by any user; let only its owner write it (chmod o-w)"), path);
      return FALSE;
    }
  for (guint i = 0; keys && keys[i]; i++)
    if (is_secret (keys[i]) && (st.st_mode & S_IROTH))
      {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_PERM,
                     _("%s holds a secret (%s) and any user can read it; make it readable by its owner "
                       "(and group) only (chmod o-r)"), path, keys[i]);
        return FALSE;
      }
  return TRUE;
}

static GKeyFile *
load (const char  *path,
      GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, _("%s is too large for an options file"), path);
      return NULL;
    }
  if (!g_key_file_load_from_data (file, contents, length, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (!g_key_file_has_group (file, GROUP))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
                   _("%s has no [%s] group"), path, GROUP);
      return NULL;
    }
  if (!check_file (path, file, error))
    return NULL;
  return g_steal_pointer (&file);
}

/* A switch: true adds it, false adds nothing. */
static gboolean
add_switch (GPtrArray   *args,
            GKeyFile    *file,
            const char  *key,
            GError     **error)
{
  GError *local = NULL;
  gboolean on = g_key_file_get_boolean (file, GROUP, key, &local);

  if (local)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  if (on)
    g_ptr_array_add (args, g_strconcat ("--", key, NULL));
  return TRUE;
}

/* Adds the arguments for one key. */
static gboolean
add_key (GPtrArray          *args,
         GKeyFile           *file,
         const char         *key,
         const GOptionEntry *entry,
         GError            **error)
{
  g_auto(GStrv) values = NULL;
  g_autofree char *value = NULL;

  switch (entry->arg)
    {
    case G_OPTION_ARG_NONE:
      return add_switch (args, file, key, error);

    case G_OPTION_ARG_CALLBACK:
      if (entry->flags & G_OPTION_FLAG_NO_ARG)
        return add_switch (args, file, key, error);
      break;

    case G_OPTION_ARG_STRING_ARRAY:
    case G_OPTION_ARG_FILENAME_ARRAY:
      if (!(values = g_key_file_get_string_list (file, GROUP, key, NULL, error)))
        return FALSE;
      for (guint i = 0; values[i]; i++)
        g_ptr_array_add (args, g_strconcat ("--", key, "=", values[i], NULL));
      return TRUE;

    case G_OPTION_ARG_STRING:
    case G_OPTION_ARG_FILENAME:
    case G_OPTION_ARG_INT:
    case G_OPTION_ARG_INT64:
    case G_OPTION_ARG_DOUBLE:
    default:
      break;
    }

  /* Numbers are checked by the option parser, as on the command line. */
  if (!(value = g_key_file_get_string (file, GROUP, key, error)))
    return FALSE;
  g_ptr_array_add (args, g_strconcat ("--", key, "=", g_strstrip (value), NULL));
  return TRUE;
}

/* @argv with the options of its --config file put in front of the real
 * arguments; a copy of @argv when there is none. */
char **
gw_townd_config_expand_args (char               **argv,
                             const GOptionEntry  *entries,
                             GError             **error)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GKeyFile) file = NULL;
  g_auto(GStrv) groups = NULL;
  g_auto(GStrv) keys = NULL;
  const char *path = find_config (argv);

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  if (path == NULL)
    return g_strdupv (argv);
  if (!(file = load (path, error)))
    return NULL;

  groups = g_key_file_get_groups (file, NULL);
  for (guint i = 0; groups[i]; i++)
    if (strcmp (groups[i], GROUP) != 0)
      g_printerr (_("gridwatch-townd: %s: ignoring the group [%s]; options go in [%s]\n"), path, groups[i], GROUP);

  g_ptr_array_add (args, g_strdup (argv[0]));
  keys = g_key_file_get_keys (file, GROUP, NULL, error);
  for (guint i = 0; keys && keys[i]; i++)
    {
      const GOptionEntry *entry = find_entry (entries, keys[i]);

      if (entry == NULL || strcmp (keys[i], "config") == 0)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION,
                       _("%s: “%s” is not an option of gridwatch-townd here"), path, keys[i]);
          return NULL;
        }
      if (!add_key (args, file, keys[i], entry, error))
        {
          g_prefix_error (error, "%s: ", path);
          return NULL;
        }
    }

  for (guint i = 1; argv[i]; i++)
    g_ptr_array_add (args, g_strdup (argv[i]));
  g_ptr_array_add (args, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&args), FALSE);
}

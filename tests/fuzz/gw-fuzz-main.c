/* gw-fuzz-main.c: replay a fuzzing corpus without libFuzzer
 *
 * The normal (gcc) build links each harness with this driver, so that
 * `meson test` runs LLVMFuzzerTestOneInput() over every file of the
 * corpus directories given: a crash found once stays fixed.
 *
 * Usage: fuzz-TARGET DIR|FILE...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "gw-fuzz.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The files of @path (itself if it is one), sorted so that runs agree. */
static GPtrArray *
list_inputs (const char  *path,
             GError     **error)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return g_steal_pointer (&files);
    }
  if (!(dir = g_dir_open (path, 0, error)))
    return NULL;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (files, g_steal_pointer (&file));
    }
  g_ptr_array_sort (files, compare_names);
  return g_steal_pointer (&files);
}

int
main (int    argc,
      char **argv)
{
  guint n_inputs = 0;

  LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) files = list_inputs (argv[i], &error);

      if (files == NULL)
        {
          fprintf (stderr, "%s: %s\n", argv[0], error->message);
          return 1;
        }
      for (guint j = 0; j < files->len; j++)
        {
          const char *file = g_ptr_array_index (files, j);
          g_autofree char *contents = NULL;
          gsize len;

          if (!g_file_get_contents (file, &contents, &len, &error))
            {
              fprintf (stderr, "%s: %s\n", argv[0], error->message);
              return 1;
            }
          /* Said before, so that a crash names its input. */
          fprintf (stderr, "running %s (%zu bytes)\n", file, len);
          LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
          n_inputs++;
        }
    }

  /* An empty corpus would pass without testing anything. */
  if (n_inputs == 0)
    {
      fprintf (stderr, "%s: no inputs; give corpus directories or files\n", argv[0]);
      return 1;
    }
  printf ("%u inputs ran\n", n_inputs);
  return 0;
}

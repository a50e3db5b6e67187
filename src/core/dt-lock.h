/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/*
 * GMutex locks with futexes, which ThreadSanitizer does not see: every
 * access a GMutex orders would be reported as a race. These wrappers are
 * g_mutex_lock() and g_mutex_unlock() that, in a ThreadSanitizer build,
 * also tell it about the ordering.
 */

#if defined(__SANITIZE_THREAD__)
#define DT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define DT_TSAN 1
#endif
#endif

#ifdef DT_TSAN
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
#endif

static inline void
dt_mutex_lock (GMutex *mutex)
{
  g_mutex_lock (mutex);
#ifdef DT_TSAN
  __tsan_acquire (mutex);
#endif
}

static inline void
dt_mutex_unlock (GMutex *mutex)
{
#ifdef DT_TSAN
  __tsan_release (mutex);
#endif
  g_mutex_unlock (mutex);
}

/*
 * G_DEFINE_QUARK() caches the quark in a plain static that several worker
 * threads may fill at once when they report their first error together; a
 * benign race, but a race. This one caches it with atomic accesses.
 */
#define DT_DEFINE_QUARK(QN, q_n)                                        \
  GQuark                                                                \
  q_n##_quark (void)                                                    \
  {                                                                     \
    static gint q;                                                      \
    GQuark value = (GQuark) g_atomic_int_get (&q);                      \
                                                                        \
    if (G_UNLIKELY (value == 0))                                        \
      {                                                                 \
        value = g_quark_from_static_string (#QN);                       \
        g_atomic_int_set (&q, (gint) value);                            \
      }                                                                 \
    return value;                                                       \
  }

#ifndef CKILNSYSTEM_H
#define CKILNSYSTEM_H

#include <spawn.h>

/// posix_spawn_file_actions_addchdir_np, which Swift cannot see without _GNU_SOURCE.
int ckiln_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// pipe2(fds, O_CLOEXEC): both ends close on exec, so only the dup2'd copies reach a child.
int ckiln_pipe_cloexec(int fds[2]);

/// POSIX_SPAWN_SETSID and POSIX_SPAWN_SETPGROUP as glibc defines them.
short ckiln_spawn_setsid_flag(void);
short ckiln_spawn_setpgroup_flag(void);

/// Makes a spawned child start with no blocked signals and default dispositions. Without this a
/// child inherits the spawning thread's mask, and Swift's runtime threads block nearly every
/// signal: children then never see SIGCHLD or SIGTERM (cmake hangs waiting for its own children).
int ckiln_spawnattr_reset_signals(posix_spawnattr_t *attributes, short extra_flags);

#endif

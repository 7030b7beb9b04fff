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

#endif

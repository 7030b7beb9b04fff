#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include "CKilnSystem.h"

int ckiln_spawn_file_actions_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int ckiln_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

short ckiln_spawn_setsid_flag(void) { return POSIX_SPAWN_SETSID; }

short ckiln_spawn_setpgroup_flag(void) { return POSIX_SPAWN_SETPGROUP; }

int ckiln_spawnattr_reset_signals(posix_spawnattr_t *attributes, short extra_flags) {
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    int status = posix_spawnattr_setsigmask(attributes, &none);
    if (status == 0) status = posix_spawnattr_setsigdefault(attributes, &all);
    if (status == 0) status = posix_spawnattr_setflags(attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | extra_flags);
    return status;
}

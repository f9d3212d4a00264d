/*
 * guests/victim/role.c - makes this image the victim of guests/isolation.
 * Must stay the same size as guests/attacker/role.c (same layout).
 */
#include "../isolation/isolation.h"

const unsigned int isolation_role = ISOLATION_VICTIM;

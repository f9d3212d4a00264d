/*
 * guests/attacker/role.c - makes this image the attacker of
 * guests/isolation.  Must stay the same size as guests/victim/role.c.
 */
#include "../isolation/isolation.h"

const unsigned int isolation_role = ISOLATION_ATTACKER;

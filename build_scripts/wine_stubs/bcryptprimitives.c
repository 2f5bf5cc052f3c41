/* Test-only stand-in for bcryptprimitives.dll under Wine 8 — NEVER SHIP.
 *
 * Rust's standard library (cryptography's _rust.pyd) imports ProcessPrng from
 * bcryptprimitives.dll, which every Windows 10+ has and Wine 8 lacks.  This
 * implements it with RtlGenRandom (advapi32 SystemFunction036), so the
 * random numbers are real.  build_windows_wine.sh compiles it into the Wine
 * prefix's system32 only and asserts it is not in the bundle.
 *
 *   x86_64-w64-mingw32-gcc -O2 -shared -s -o bcryptprimitives.dll bcryptprimitives.c -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}

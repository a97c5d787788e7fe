/* Wine 8.0 (Debian 12) has no bcryptprimitives.dll, which the Rust parts of cryptography and bcrypt
 * import for ProcessPrng (every Windows 10 and later has it). This stand-in, installed only into
 * the build's and the tests' Wine prefix, never into the program, answers with RtlGenRandom. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}

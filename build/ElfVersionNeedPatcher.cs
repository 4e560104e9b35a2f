// Marks one symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK).
//
// Why: TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) only for the symbol
// _ZSt21ios_base_library_initv, which nothing calls. Older libstdc++ builds (Debian 12: up to
// GLIBCXX_3.4.30) lack that version, so dlopen fails. glibc treats a missing *weak* version need
// as non-fatal, so setting bit 0x2 in that Vernaux entry's vna_flags makes the library load.
//
// This one file is compiled twice:
//  * by MSBuild's RoslynCodeTaskFactory (build/TorchNativeFixup.targets), against netstandard 2.0
//    with no preprocessor symbols, so the WeakenElfVersionNeed task at the bottom is included;
//  * into the test project (linked as Runtime/ElfVersionNeedPatcher.cs), where the SDK defines NET
//    and the task (which needs Microsoft.Build.Utilities) is left out.
// Keep it to netstandard 2.0 APIs (no Span, no BinaryPrimitives) and explicit usings.
#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace NeuralMath.Build
{
    /// <summary>What <see cref="ElfVersionNeedPatcher.WeakenVersionNeed"/> did.</summary>
    internal enum VersionNeedPatchResult
    {
        /// <summary>At least one matching entry was not weak and is now; the file was rewritten.</summary>
        Patched,

        /// <summary>Every matching entry was already weak; the file was not touched.</summary>
        AlreadyWeak,

        /// <summary>The file needs no version of that name; the file was not touched.</summary>
        NotPresent,
    }

    /// <summary>One Vernaux entry of an ELF .gnu.version_r (SHT_GNU_verneed) section.</summary>
    internal sealed class VersionNeedEntry
    {
        public VersionNeedEntry(string file, string name, ushort flags, int flagsOffset)
        {
            File = file;
            Name = name;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The library the version is needed from (vn_file), e.g. libstdc++.so.6.</summary>
        public string File { get; }

        /// <summary>The version name (vna_name), e.g. GLIBCXX_3.4.32.</summary>
        public string Name { get; }

        /// <summary>vna_flags; bit 0x2 is VER_FLG_WEAK.</summary>
        public ushort Flags { get; }

        /// <summary>File offset of the 16-bit vna_flags field.</summary>
        public int FlagsOffset { get; }

        public bool IsWeak => (Flags & ElfVersionNeedPatcher.VerFlagWeak) != 0;
    }

    /// <summary>Reads and patches the version needs (.gnu.version_r) of ELF64 little-endian files.</summary>
    internal static class ElfVersionNeedPatcher
    {
        /// <summary>VER_FLG_WEAK: a missing version is not fatal to the dynamic loader.</summary>
        public const ushort VerFlagWeak = 0x2;

        /// <summary>sh_type of the version-needs section (.gnu.version_r).</summary>
        public const uint ShtGnuVerneed = 0x6ffffffe;

        private const int ElfHeaderSize = 64;
        private const int SectionHeaderSize = 64;
        private const int VerneedSize = 16;
        private const int VernauxSize = 16;

        /// <summary>
        /// Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="versionName"/> in the file at
        /// <paramref name="path"/>. Idempotent: writes nothing unless some matching entry is not weak yet.
        /// The file is never modified in place: a patched copy is written next to it and renamed over it,
        /// so a hard link or symbolic link into another location (such as the NuGet cache) is replaced,
        /// never written through. The last-write time is kept, so MSBuild's incremental copy sees an
        /// unchanged file and does not copy the unpatched original over it again.
        /// </summary>
        public static VersionNeedPatchResult WeakenVersionNeed(string path, string versionName)
        {
            if (path is null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (versionName is null)
            {
                throw new ArgumentNullException(nameof(versionName));
            }

            byte[] elf = File.ReadAllBytes(path);
            bool found = false;
            bool changed = false;
            foreach (VersionNeedEntry entry in ReadVersionNeeds(elf))
            {
                if (!string.Equals(entry.Name, versionName, StringComparison.Ordinal))
                {
                    continue;
                }

                found = true;
                if (!entry.IsWeak)
                {
                    WriteUInt16(elf, entry.FlagsOffset, (ushort)(entry.Flags | VerFlagWeak));
                    changed = true;
                }
            }

            if (!found)
            {
                return VersionNeedPatchResult.NotPresent;
            }

            if (!changed)
            {
                return VersionNeedPatchResult.AlreadyWeak;
            }

            ReplaceWithCopy(path, elf);
            return VersionNeedPatchResult.Patched;
        }

        /// <summary>Lists every Vernaux entry of the file at <paramref name="path"/>.</summary>
        public static IReadOnlyList<VersionNeedEntry> ReadVersionNeeds(string path) =>
            ReadVersionNeeds(File.ReadAllBytes(path));

        /// <summary>
        /// Lists every Vernaux entry of an ELF64 little-endian image: finds the SHT_GNU_verneed sections
        /// from the section headers, walks the Verneed chain (vn_next) and each Vernaux chain (vna_next),
        /// and reads names from the string table the section links to (sh_link).
        /// </summary>
        /// <exception cref="InvalidDataException">Not an ELF64 little-endian file, or malformed.</exception>
        public static IReadOnlyList<VersionNeedEntry> ReadVersionNeeds(byte[] elf)
        {
            if (elf is null)
            {
                throw new ArgumentNullException(nameof(elf));
            }

            if (elf.Length < ElfHeaderSize || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw new InvalidDataException("Not an ELF file.");
            }

            if (elf[4] != 2 || elf[5] != 1)
            {
                throw new InvalidDataException("Not a 64-bit little-endian ELF file (EI_CLASS " + elf[4].ToString(CultureInfo.InvariantCulture)
                    + ", EI_DATA " + elf[5].ToString(CultureInfo.InvariantCulture) + ").");
            }

            var entries = new List<VersionNeedEntry>();
            long shoff = checked((long)ReadUInt64(elf, 0x28));
            int shentsize = ReadUInt16(elf, 0x3A);
            long shnum = ReadUInt16(elf, 0x3C);
            if (shoff == 0)
            {
                return entries;
            }

            if (shentsize < SectionHeaderSize)
            {
                throw new InvalidDataException("Section header entries are too small (" + shentsize.ToString(CultureInfo.InvariantCulture) + " bytes).");
            }

            if (shnum == 0)
            {
                // More than 0xff00 sections: the real count is in sh_size of section 0.
                shnum = checked((long)ReadUInt64(elf, ToOffset(elf, shoff, SectionHeaderSize) + 32));
            }

            for (long i = 0; i < shnum; i++)
            {
                int header = ToOffset(elf, shoff + (i * shentsize), SectionHeaderSize);
                if (ReadUInt32(elf, header + 4) != ShtGnuVerneed)
                {
                    continue;
                }

                long offset = checked((long)ReadUInt64(elf, header + 24));
                long size = checked((long)ReadUInt64(elf, header + 32));
                uint link = ReadUInt32(elf, header + 40);
                uint count = ReadUInt32(elf, header + 44);
                if (link >= shnum)
                {
                    throw new InvalidDataException("The version-needs section links to a missing string table.");
                }

                int strtabHeader = ToOffset(elf, shoff + (link * shentsize), SectionHeaderSize);
                long strtabOffset = checked((long)ReadUInt64(elf, strtabHeader + 24));
                long strtabSize = checked((long)ReadUInt64(elf, strtabHeader + 32));
                ReadSection(elf, offset, size, count, strtabOffset, strtabSize, entries);
            }

            return entries;
        }

        /// <summary>The first of <paramref name="paths"/> that exists as a file, or null.</summary>
        public static string? FindFirstExisting(IEnumerable<string> paths)
        {
            if (paths is null)
            {
                throw new ArgumentNullException(nameof(paths));
            }

            foreach (string path in paths)
            {
                if (!string.IsNullOrEmpty(path) && File.Exists(path))
                {
                    return path;
                }
            }

            return null;
        }

        private static void ReadSection(byte[] elf, long offset, long size, uint count, long strtabOffset, long strtabSize, List<VersionNeedEntry> entries)
        {
            long end = offset + size;
            if (offset < 0 || size < 0 || end > elf.Length)
            {
                throw new InvalidDataException("The version-needs section lies outside the file.");
            }

            // sh_info holds the number of Verneed entries; stop early at vn_next == 0 as well.
            // Each entry takes at least 16 bytes, which bounds both loops on malformed input.
            long verneed = offset;
            long maxEntries = (size / VerneedSize) + 1;
            for (uint n = 0; n < count && n < maxEntries; n++)
            {
                if (verneed < offset || verneed + VerneedSize > end)
                {
                    throw new InvalidDataException("A Verneed entry lies outside its section.");
                }

                int vn = (int)verneed;
                int vnCnt = ReadUInt16(elf, vn + 2);
                uint vnFile = ReadUInt32(elf, vn + 4);
                uint vnAux = ReadUInt32(elf, vn + 8);
                uint vnNext = ReadUInt32(elf, vn + 12);
                string file = ReadString(elf, strtabOffset, strtabSize, vnFile);

                long aux = verneed + vnAux;
                for (int j = 0; j < vnCnt && j < maxEntries; j++)
                {
                    if (aux < offset || aux + VernauxSize > end)
                    {
                        throw new InvalidDataException("A Vernaux entry lies outside its section.");
                    }

                    int vna = (int)aux;
                    ushort flags = ReadUInt16(elf, vna + 4);
                    uint name = ReadUInt32(elf, vna + 8);
                    uint vnaNext = ReadUInt32(elf, vna + 12);
                    entries.Add(new VersionNeedEntry(file, ReadString(elf, strtabOffset, strtabSize, name), flags, vna + 4));
                    if (vnaNext == 0)
                    {
                        break;
                    }

                    aux += vnaNext;
                }

                if (vnNext == 0)
                {
                    break;
                }

                verneed += vnNext;
            }
        }

        private static void ReplaceWithCopy(string path, byte[] contents)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            string temp = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            DateTime lastWriteUtc = File.GetLastWriteTimeUtc(fullPath);
            try
            {
                // Copy first so the temporary file gets the original's permissions, then overwrite its bytes.
                File.Copy(fullPath, temp, overwrite: true);
                File.WriteAllBytes(temp, contents);
                File.SetLastWriteTimeUtc(temp, lastWriteUtc);

                // A rename replaces the directory entry: a hard link's other names keep the old contents.
                File.Replace(temp, fullPath, destinationBackupFileName: null);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        private static string ReadString(byte[] elf, long strtabOffset, long strtabSize, uint index)
        {
            long start = strtabOffset + index;
            long end = Math.Min(strtabOffset + strtabSize, elf.Length);
            if (strtabOffset < 0 || start >= end)
            {
                throw new InvalidDataException("A version name lies outside its string table.");
            }

            long stop = start;
            while (stop < end && elf[stop] != 0)
            {
                stop++;
            }

            return Encoding.UTF8.GetString(elf, (int)start, (int)(stop - start));
        }

        private static int ToOffset(byte[] elf, long offset, int length)
        {
            if (offset < 0 || offset + length > elf.Length)
            {
                throw new InvalidDataException("A section header lies outside the file.");
            }

            return (int)offset;
        }

        private static ushort ReadUInt16(byte[] b, int at) => (ushort)(b[at] | (b[at + 1] << 8));

        private static uint ReadUInt32(byte[] b, int at) =>
            b[at] | ((uint)b[at + 1] << 8) | ((uint)b[at + 2] << 16) | ((uint)b[at + 3] << 24);

        private static ulong ReadUInt64(byte[] b, int at) => ReadUInt32(b, at) | ((ulong)ReadUInt32(b, at + 4) << 32);

        private static void WriteUInt16(byte[] b, int at, ushort value)
        {
            b[at] = (byte)value;
            b[at + 1] = (byte)(value >> 8);
        }
    }

#if !NET
    /// <summary>
    /// MSBuild task: sets VER_FLG_WEAK on the version need <see cref="Version"/> in each existing file of
    /// <see cref="Files"/>. Not decided by the build machine's libstdc++: the output runs elsewhere, and a weak
    /// need binds as before where the version exists.
    /// </summary>
    public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        /// <summary>ELF files to patch; missing ones are skipped.</summary>
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        /// <summary>The version name, e.g. GLIBCXX_3.4.32.</summary>
        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = string.Empty;

        public override bool Execute()
        {
            var files = new List<string>();
            foreach (Microsoft.Build.Framework.ITaskItem item in Files)
            {
                string path = item.GetMetadata("FullPath");
                if (File.Exists(path) && !files.Contains(path))
                {
                    files.Add(path);
                }
            }

            if (files.Count == 0)
            {
                return true;
            }

            try
            {
                foreach (string file in files)
                {
                    VersionNeedPatchResult result = ElfVersionNeedPatcher.WeakenVersionNeed(file, Version);
                    if (result == VersionNeedPatchResult.Patched)
                    {
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            "NeuralMath: marked the {0} need of {1} as weak.", Version, file);
                    }
                    else
                    {
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                            "NeuralMath: {0} in {1}: {2}.", Version, file, result);
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException || e is OverflowException)
            {
                Log.LogError("NeuralMath: could not mark {0} as weak in {1}: {2}", Version, string.Join(", ", files), e.Message);
            }

            return !Log.HasLoggedErrors;
        }
    }
#endif
}

using System.Diagnostics;
using NeuralMath.Build;
using TorchSharp;

namespace NeuralMath.Tests.Runtime;

public sealed class ElfVersionNeedPatcherTests : IDisposable
{
    private const string Version = "GLIBCXX_3.4.32";

    private readonly string _dir = Directory.CreateTempSubdirectory("nm-elf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The unpatched wrapper in the NuGet cache; the tests only ever read it.</summary>
    private static string ShippedWrapper()
    {
        Version? v = typeof(torch).Assembly.GetName().Version;
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "torchsharp", $"{v?.Major}.{v?.Minor}.{v?.Build}", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.SkipUnless(File.Exists(path), $"The TorchSharp package's linux-x64 wrapper is not in the NuGet cache ({path}).");
        return path;
    }

    private string CopyOfShippedWrapper(string name = "libLibTorchSharp.so")
    {
        string copy = Path.Combine(_dir, name);
        File.Copy(ShippedWrapper(), copy);
        return copy;
    }

    private static VersionNeedEntry Glibcxx32(string path) =>
        Assert.Single(ElfVersionNeedPatcher.ReadVersionNeeds(path), e => e.Name == Version);

    [Fact]
    public void ShippedWrapper_NeedsGlibcxx3432_FromLibstdcxx_NotWeak()
    {
        VersionNeedEntry entry = Glibcxx32(ShippedWrapper());
        Assert.Equal("libstdc++.so.6", entry.File);
        Assert.False(entry.IsWeak);
    }

    [Fact]
    public void Patch_SetsWeakBit_OnlyThere_AndSecondRunChangesNothing()
    {
        string path = CopyOfShippedWrapper();
        byte[] before = File.ReadAllBytes(path);
        var entriesBefore = ElfVersionNeedPatcher.ReadVersionNeeds(before);
        DateTime mtime = File.GetLastWriteTimeUtc(path);

        Assert.Equal(VersionNeedPatchResult.Patched, ElfVersionNeedPatcher.WeakenVersionNeed(path, Version));

        byte[] after = File.ReadAllBytes(path);
        VersionNeedEntry patched = Glibcxx32(path);
        Assert.True(patched.IsWeak);
        Assert.Equal(before.Length, after.Length);
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal(new[] { patched.FlagsOffset }, changed);
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(path));

        // Every other entry is as it was.
        var entriesAfter = ElfVersionNeedPatcher.ReadVersionNeeds(after);
        Assert.Equal(entriesBefore.Count, entriesAfter.Count);
        for (int i = 0; i < entriesBefore.Count; i++)
        {
            Assert.Equal(entriesBefore[i].Name, entriesAfter[i].Name);
            if (entriesBefore[i].Name != Version)
            {
                Assert.Equal(entriesBefore[i].Flags, entriesAfter[i].Flags);
            }
        }

        Assert.Equal(VersionNeedPatchResult.AlreadyWeak, ElfVersionNeedPatcher.WeakenVersionNeed(path, Version));
        Assert.Equal(after, File.ReadAllBytes(path));
    }

    [Fact]
    public void Patch_OfAbsentVersion_LeavesFileAlone()
    {
        string path = CopyOfShippedWrapper();
        byte[] before = File.ReadAllBytes(path);
        Assert.Equal(VersionNeedPatchResult.NotPresent, ElfVersionNeedPatcher.WeakenVersionNeed(path, "GLIBCXX_9.9.99"));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Patch_ThroughHardLink_ReplacesTheLink_AndLeavesTheOtherNameUnpatched()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "Needs ln.");
        string original = CopyOfShippedWrapper("original.so");
        string link = Path.Combine(_dir, "libLibTorchSharp.so");
        using (var ln = Process.Start("ln", [original, link]))
        {
            ln.WaitForExit();
            Assert.Equal(0, ln.ExitCode);
        }

        Assert.Equal(VersionNeedPatchResult.Patched, ElfVersionNeedPatcher.WeakenVersionNeed(link, Version));

        Assert.True(Glibcxx32(link).IsWeak);
        Assert.False(Glibcxx32(original).IsWeak);
        Assert.Equal(File.ReadAllBytes(ShippedWrapper()), File.ReadAllBytes(original));
    }

    [Fact]
    public void Patch_ThroughSymbolicLink_ReplacesTheLink_AndLeavesTheTargetUnpatched()
    {
        string target = CopyOfShippedWrapper("target.so");
        string link = Path.Combine(_dir, "libLibTorchSharp.so");
        // Creating a symbolic link on Windows needs administrator rights or Developer Mode.
        Assert.SkipWhen(OperatingSystem.IsWindows() && !TryCreateSymbolicLink(link, target), "Symbolic links need administrator rights or Developer Mode on Windows.");
        if (!OperatingSystem.IsWindows()) File.CreateSymbolicLink(link, target);

        Assert.Equal(VersionNeedPatchResult.Patched, ElfVersionNeedPatcher.WeakenVersionNeed(link, Version));

        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.True(Glibcxx32(link).IsWeak);
        Assert.False(Glibcxx32(target).IsWeak);
    }

    private static bool TryCreateSymbolicLink(string link, string target)
    {
        try
        {
            File.CreateSymbolicLink(link, target);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    [Fact]
    public void NonElfFile_IsRejected()
    {
        string path = Path.Combine(_dir, "not-elf.so");
        File.WriteAllBytes(path, new byte[128]);
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.WeakenVersionNeed(path, Version));
    }

    [Fact]
    public void BuildOutputCopy_IsPatched_WhateverThisMachinesLibstdcxxHas()
    {
        // Output built for a linux RID is deployed elsewhere (Debian 12), so the build never asks the build machine.
        Assert.SkipUnless(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier.StartsWith("linux", StringComparison.Ordinal), "Only linux outputs carry libLibTorchSharp.so.");
        string? output = ElfVersionNeedPatcher.FindFirstExisting(
        [
            Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
        ]);
        Assert.NotNull(output);
        Assert.True(Glibcxx32(output).IsWeak, $"{output} should have been patched by build/TorchNativeFixup.targets.");
    }
}

namespace NeuralMath.Training;

/// <summary>
/// Exclusive use of a run folder by one trainer for as long as it runs: an open, unshared handle on the folder's
/// <c>.lock</c> file. Two processes training into one folder would overwrite each other's checkpoints and
/// temporary files; the second is refused before it writes anything.
/// </summary>
/// <remarks>
/// The lock is the open handle (an advisory <c>flock</c> on Linux and macOS, a share mode on Windows), not the file's
/// existence: the operating system releases it however the process ends, even when killed, so a leftover
/// <c>.lock</c> file never blocks a later run. The file is deliberately not deleted on close: a process that had
/// opened it just before the delete would lock a file no longer in the folder while a third one created and locked
/// a new one, and both would believe they own the folder.
/// </remarks>
internal sealed class RunFolderLock : IDisposable
{
    /// <summary>The lock file's name inside the run folder.</summary>
    public const string FileName = ".lock";

    private readonly FileStream _handle;

    private RunFolderLock(FileStream handle) => _handle = handle;

    /// <summary>Creates the folder if needed and takes it; throws <see cref="RunFolderInUseException"/> when another trainer holds it.</summary>
    public static RunFolderLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName);
        try
        {
            return new RunFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw new RunFolderInUseException(
                $"'{directory}' is in use by another training run (it holds '{path}'); wait for it to finish or choose another --out folder.", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();

    /// <summary>Deletes a run folder that holds nothing but its (released) lock file.</summary>
    public static void RemoveIfUnused(string directory)
    {
        if (!Directory.Exists(directory)) return;
        var entries = Directory.GetFileSystemEntries(directory);
        if (entries.Length == 1 && Path.GetFileName(entries[0]) == FileName) Directory.Delete(directory, recursive: true);
    }

    // How "someone else holds it" surfaces: EWOULDBLOCK from flock (Linux 11, macOS 35) or a Windows sharing or lock violation.
    private static bool IsHeldElsewhere(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);
}

/// <summary>Another trainer (usually another process) is training in the same run folder.</summary>
public sealed class RunFolderInUseException(string message, Exception inner) : IOException(message, inner);

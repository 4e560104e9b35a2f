namespace NeuralMath.IO;

/// <summary>
/// Writes a file so that readers see its old or its new contents, never half of it: into <c>path.tmp</c>, flushed to
/// disk, then renamed over <c>path</c>. On Windows the rename fails while another process has the target open (a virus
/// scanner, an indexer, a viewer, a second NeuralMath); it is retried for about 1.5 s, then reported as one
/// <see cref="IOException"/> that names the file and keeps the new contents in the temporary file. When the writing
/// itself fails (a full disk, a writer that throws) the temporary file is removed and the old file is untouched.
/// </summary>
/// <remarks>Every atomic write in the repository goes through here (the build-time publicizer links this file).</remarks>
internal sealed class AtomicFile
{
    private static readonly TimeSpan[] DefaultDelays = [.. new[] { 25, 50, 100, 200, 400, 800 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    private readonly Action<string, string> _move;
    private readonly Action<TimeSpan> _wait;
    private readonly IReadOnlyList<TimeSpan> _delays;

    /// <summary>A writer with its own rename and wait (tests use them to act out a file held by another process).</summary>
    internal AtomicFile(Action<string, string> move, Action<TimeSpan> wait, IReadOnlyList<TimeSpan>? delays = null)
    {
        _move = move;
        _wait = wait;
        _delays = delays ?? DefaultDelays;
    }

    /// <summary>The real file system.</summary>
    public static AtomicFile Default { get; } = new((from, to) => File.Move(from, to, overwrite: true), Thread.Sleep);

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which gets a readable, seekable stream.</summary>
    public void Write(string path, Action<FileStream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp";
        try
        {
            using var file = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite);
            write(file);
            file.Flush(flushToDisk: true);
        }
        catch
        {
            DeleteQuietly(temp); // half-written: worth nothing, and must not be mistaken for a finished file
            throw;
        }
        Replace(temp, full);
    }

    /// <summary>Writes text as UTF-8 without a byte-order mark.</summary>
    public void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    public void Write(string path, byte[] bytes) => Write(path, file => file.Write(bytes));

    /// <summary>Renames <paramref name="temp"/> over <paramref name="path"/>, retrying while the target is held open.</summary>
    public void Replace(string temp, string path)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                _move(temp, path);
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not (FileNotFoundException or DirectoryNotFoundException))
            {
                if (attempt >= _delays.Count)
                    throw new IOException(
                        $"Could not replace '{path}' after {attempt + 1} attempts: {e.Message.Trim()} Another program may be holding it open " +
                        $"(a virus scanner, a file viewer, another NeuralMath process); the new contents are in '{temp}'.", e);
                _wait(_delays[attempt]);
            }
        }
    }

    // Runs while an exception is on its way out: a failure to clean up must not hide the failure that matters.
    private static void DeleteQuietly(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}

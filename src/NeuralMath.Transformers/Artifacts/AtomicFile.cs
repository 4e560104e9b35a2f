using System.Text;

namespace NeuralMath.Artifacts;

/// <summary>
/// Writes a file all or nothing: into <c>path.tmp</c>, flushed to disk, then renamed over the target. A reader sees
/// the old file or the new one, never half of one; after a failure (a full disk, a writer that throws) the
/// temporary file is removed and the old file is untouched.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, creating its folder if needed.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp";
        bool moved = false;
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
            moved = true;
        }
        finally
        {
            if (!moved) DeleteQuietly(temp);
        }
    }

    /// <summary>Writes text as UTF-8 without a byte-order mark.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text)));
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

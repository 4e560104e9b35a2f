using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NeuralMath.Artifacts;

/// <summary>
/// The SHA-256 of a whole model file, kept in the zip's own comment (<c>neuralmath-sha256:</c> + 64 hex digits, the
/// file's last bytes), over every byte before those digits. Per-entry hashes would miss damage to the zip's headers
/// (names, sizes, the directory); this covers every byte, and checking it needs no zip reader and no torch.
/// A "file" is a seekable stream whose first byte is the model file's first byte (a file, or a model file's bytes in memory).
/// </summary>
internal static class ModelFileDigest
{
    private const string Marker = "neuralmath-sha256:";
    private const int HexLength = 64, EndRecordLength = 22;          // zip end-of-central-directory record, before its comment
    private const uint EndRecordSignature = 0x06054b50;

    /// <summary>The zip comment to write; <see cref="Seal"/> replaces its zeros with the digest.</summary>
    public static string Placeholder { get; } = Marker + new string('0', HexLength);

    private static int CommentLength => Placeholder.Length;

    /// <summary>Writes the digest over the placeholder that ends <paramref name="file"/> (readable, writable, seekable).</summary>
    public static void Seal(Stream file)
    {
        file.Flush();
        long length = file.Length;
        var tail = new byte[CommentLength];
        file.Position = length - CommentLength;
        file.ReadExactly(tail);
        if (Encoding.ASCII.GetString(tail) != Placeholder)
            throw new InvalidOperationException("The model file does not end with its checksum placeholder; the zip writer did not put the comment last.");
        string hex = Hash(file, length - HexLength);
        file.Position = length - HexLength;
        file.Write(Encoding.ASCII.GetBytes(hex));
    }

    /// <summary>
    /// True when the file ends with a digest that matches; false when it carries none (written before digests, or by
    /// another tool). A digest that does not match throws <see cref="InvalidDataException"/>.
    /// </summary>
    /// <param name="file">The model file's bytes (seekable; read from its start).</param>
    /// <param name="name">The file as messages name it.</param>
    public static bool Verify(Stream file, string name)
    {
        long length = file.Length;
        int tailLength = EndRecordLength + CommentLength;
        if (length < tailLength) return false;
        var tail = new byte[tailLength];
        file.Position = length - tailLength;
        file.ReadExactly(tail);
        if (BinaryPrimitives.ReadUInt32LittleEndian(tail) != EndRecordSignature
            || BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(EndRecordLength - 2)) != CommentLength
            || !tail.AsSpan(EndRecordLength, Marker.Length).SequenceEqual(Encoding.ASCII.GetBytes(Marker)))
            return false;
        string recorded = Encoding.ASCII.GetString(tail, tailLength - HexLength, HexLength);
        if (recorded != Hash(file, length - HexLength))
            throw new InvalidDataException($"'{name}' is damaged: its contents do not match the SHA-256 recorded when it was saved. Use an intact copy, or retrain.");
        return true;
    }

    private static string Hash(Stream file, long count)
    {
        file.Position = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        for (long left = count; left > 0;)
        {
            int read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw new EndOfStreamException();
            sha.AppendData(buffer, 0, read);
            left -= read;
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

using System.Runtime.InteropServices;
using System.Text;

namespace KafkaNet.Broker.Topics;

/// <summary>
/// Replaces a file so that after a crash (kill -9, power loss) either the old or the new
/// content is found, never a mix: write a temporary file, fsync it, rename it over the target,
/// fsync the directory so the rename itself is on disk.
/// </summary>
internal static partial class DurableFile
{
    public const string TempSuffix = ".tmp";

    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        string temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Renames a file, the rename itself on disk before returning.</summary>
    public static void Move(string from, string to)
    {
        File.Move(from, to, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
    }

    /// <summary>Removes the temporary file a crash in the middle of <see cref="Replace"/> leaves behind.</summary>
    public static void DeleteLeftover(string path)
    {
        string temp = path + TempSuffix;
        if (File.Exists(temp))
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// .NET cannot open a directory as a file, so on Unix the directory is fsynced through libc.
    /// Windows has no directory fsync; NTFS journals the rename.
    /// </summary>
    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return;
        }
        byte[] path = Encoding.UTF8.GetBytes(directory + "\0");
        int fd;
        try
        {
            fd = Native.Open(path, 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return; // A libc we cannot bind: the file itself is already durable.
        }
        if (fd < 0)
        {
            return; // Best effort: the file itself is already durable.
        }
        try
        {
            if (Native.Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Native.Close(fd);
        }
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open(byte[] path, int flags);

        [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
        public static extern int Fsync(int fd);

        [DllImport("libc", EntryPoint = "close", SetLastError = true)]
        public static extern int Close(int fd);
    }
}

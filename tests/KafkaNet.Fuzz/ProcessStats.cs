using System.Globalization;

namespace KafkaNet.Fuzz;

/// <summary>Resident memory and CPU time of a process, read from /proc (Linux only).</summary>
internal static class ProcessStats
{
    /// <summary>VmRSS in bytes, or -1 when the process is gone.</summary>
    public static long RssBytes(int pid) => StatusField(pid, "VmRSS:");

    /// <summary>VmHWM (peak resident set) in bytes, or -1 when the process is gone.</summary>
    public static long PeakRssBytes(int pid) => StatusField(pid, "VmHWM:");

    /// <summary>utime + stime in seconds, or -1 when the process is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces: fields count from after the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static long StatusField(int pid, string name)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    string kb = line[name.Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }
        return -1;
    }
}

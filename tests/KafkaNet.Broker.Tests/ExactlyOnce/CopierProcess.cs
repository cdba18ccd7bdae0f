using System.Diagnostics;

namespace KafkaNet.Broker.Tests.ExactlyOnce;

/// <summary>The transactional copier (tests/KafkaNet.TransactionalCopier) as a child process the test can SIGKILL.</summary>
internal sealed class CopierProcess : IDisposable
{
    private readonly Process _process;
    private int _committedTransactions;

    private CopierProcess(Process process) => _process = process;

    /// <summary>Transactions this process has committed so far.</summary>
    public int CommittedTransactions => Volatile.Read(ref _committedTransactions);

    public bool HasExited => _process.HasExited;

    /// <summary>Its error output, for the test's log when it exits.</summary>
    public List<string> Errors { get; } = [];

    public static CopierProcess Start(string bootstrap, string input, string output, string group, string transactionalId, int transactionSize)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KafkaNet.TransactionalCopier.dll"));
        foreach (string argument in new[] { bootstrap, input, output, group, transactionalId, transactionSize.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        var copier = new CopierProcess(Process.Start(start)!);
        copier._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith("committed ", StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref copier._committedTransactions);
            }
        };
        copier._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (copier.Errors)
                {
                    copier.Errors.Add(e.Data);
                }
            }
        };
        copier._process.BeginOutputReadLine();
        copier._process.BeginErrorReadLine();
        return copier;
    }

    /// <summary>SIGKILL: an open transaction is left for the next copier's InitTransactions to abort.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

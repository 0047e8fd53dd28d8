namespace TenantSessions.Application.Email;

/// <summary><c>Email:*</c>. SMTP when <c>Email:Smtp:Host</c> is set, else <c>.eml</c> files in <see cref="PickupDirectory"/>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public string From { get; set; } = "TenantSessions <no-reply@tenantsessions.localhost>";

    /// <summary>Where messages are written when no SMTP host is set; relative paths are under the content root.</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail";

    public SmtpOptions Smtp { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>
    /// Scheme and port of links in e-mails (<c>https</c> and 443 behind a TLS proxy); unset, those this app listens on.
    /// The host is always <c>{slug}.{Tenancy:BaseDomain}</c>, never the Host header of the request.
    /// </summary>
    public string? LinkScheme { get; set; }

    public int? LinkPort { get; set; }

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary><c>Auto</c> (STARTTLS when offered), <c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c>.</summary>
    public string Security { get; set; } = "Auto";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class OutboxOptions
{
    public const string RecurringJobId = "email:outbox";

    /// <summary>The safety-net schedule; a change that writes a message also queues a run at once.</summary>
    public string Cron { get; set; } = "* * * * *";

    public int BatchSize { get; set; } = 50;

    /// <summary>How long a run holds the rows it claimed; a run that died releases them after this.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries back off 1, 2, 4, ... minutes up to this.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts a message is dead (kept, with its last error, and never tried again).</summary>
    public int MaxAttempts { get; set; } = 10;
}

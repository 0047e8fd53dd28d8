using TenantSessions.Application;
using TenantSessions.Infrastructure;
using TenantSessions.Web;
using TenantSessions.Web.Setup;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddApplication(builder.Configuration);
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddWeb(builder.Configuration);

var app = builder.Build();

if (SuperadminSetup.IsCommand(args))
{
    Environment.ExitCode = await SuperadminSetup.RunAsync(app.Services, args, Console.In, Console.Out, CancellationToken.None);
    return;
}

await app.InitializeAsync();
app.UseTenantSessions();

await app.RunAsync();

public partial class Program;

using TenantSessions.Application;
using TenantSessions.Infrastructure;
using TenantSessions.Web;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddApplication(builder.Configuration);
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddWeb(builder.Configuration);

var app = builder.Build();

await app.InitializeAsync();
app.UseTenantSessions();

await app.RunAsync();

public partial class Program;

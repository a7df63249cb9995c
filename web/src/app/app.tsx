// Providers and routes. Screens behind login are lazy chunks, so the first screen (login) stays small.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { adminPages } from '../features/admin/admin-pages.ts';
import { ApiError } from './api.ts';
import { Layout } from './layout.tsx';
import { RequireLogin } from './require-login.tsx';

const LoginPage = lazy(() => import('../features/login/login-page.tsx'));
const SearchPage = lazy(() => import('../features/search/search-page.tsx'));
const CustomerPage = lazy(() => import('../features/customer/customer-page.tsx'));
const RegisterContactPage = lazy(() => import('../features/contacts/register-contact-page.tsx'));
const ContactPage = lazy(() => import('../features/contacts/contact-page.tsx'));
const TasksPage = lazy(() => import('../features/tasks/tasks-page.tsx'));
const QueuePage = lazy(() => import('../features/queue/queue-page.tsx'));
const ChatConsolePage = lazy(() => import('../features/chat/chat-console-page.tsx'));
const StartPage = lazy(() => import('../features/search/start-page.tsx'));
const AdminIndexPage = lazy(() => import('../features/admin/admin-index-page.tsx'));
const DashboardPage = lazy(() => import('../features/dashboard/dashboard-page.tsx'));
const ContactsBehindPage = lazy(() =>
  import('../features/dashboard/drilldown-page.tsx').then((m) => ({ default: m.ContactsBehindPage })),
);
const TasksBehindPage = lazy(() =>
  import('../features/dashboard/drilldown-page.tsx').then((m) => ({ default: m.TasksBehindPage })),
);
const KnowledgeSearchPage = lazy(() => import('../features/knowledge/knowledge-search-page.tsx'));
const ArticlePage = lazy(() => import('../features/knowledge/article-page.tsx'));
const ArticleEditPage = lazy(() => import('../features/knowledge/article-edit-page.tsx'));
const ArticleHistoryPage = lazy(() => import('../features/knowledge/history-page.tsx'));
const KnowledgeImportPage = lazy(() => import('../features/knowledge/import-page.tsx'));
const AnnouncementsPage = lazy(() => import('../features/announcements/announcements-page.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});

const router = createBrowserRouter([
  { path: '/inloggen', element: <LoginPage /> },
  {
    element: (
      <RequireLogin>
        <Layout />
      </RequireLogin>
    ),
    children: [
      { path: '/', element: <StartPage /> },
      { path: '/zoeken', element: <SearchPage /> },
      { path: '/klanten/:partyId', element: <CustomerPage /> },
      { path: '/contacten/nieuw', element: <RegisterContactPage /> },
      { path: '/contacten/:contactId', element: <ContactPage /> },
      { path: '/taken', element: <TasksPage /> },
      { path: '/wachtrij', element: <QueuePage /> },
      { path: '/wachtrij/:teamId', element: <QueuePage /> },
      { path: '/chats', element: <ChatConsolePage /> },
      { path: '/kennisbank', element: <KnowledgeSearchPage /> },
      { path: '/kennisbank/nieuw', element: <ArticleEditPage /> },
      { path: '/kennisbank/importeren', element: <KnowledgeImportPage /> },
      { path: '/kennisbank/:slug', element: <ArticlePage /> },
      { path: '/kennisbank/:slug/bewerken', element: <ArticleEditPage /> },
      { path: '/kennisbank/:slug/geschiedenis', element: <ArticleHistoryPage /> },
      { path: '/stuurinformatie', element: <DashboardPage /> },
      { path: '/stuurinformatie/contacten', element: <ContactsBehindPage /> },
      { path: '/stuurinformatie/taken', element: <TasksBehindPage /> },
      { path: '/berichten', element: <AnnouncementsPage /> },
      { path: '/beheer', element: <AdminIndexPage /> },
      ...adminPages.map((p) => ({ path: `/beheer/${p.path}`, element: <p.Page /> })),
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Suspense fallback={null}>
        <RouterProvider router={router} />
      </Suspense>
    </QueryClientProvider>
  );
}

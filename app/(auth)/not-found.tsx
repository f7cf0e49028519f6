import { NotFoundContent } from "@/components/not-found-content";

// Inside this group's layout, which has the page's main landmark already.
export default function NotFound() {
  return <NotFoundContent landmark="div" />;
}

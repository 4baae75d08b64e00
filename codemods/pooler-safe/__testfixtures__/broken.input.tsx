import postgres from 'postgres';
export const sql = postgres(process.env.URL!;
export const View = () => <div>{</div>;
